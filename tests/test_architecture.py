"""Dependencies point one way: the web layer never touches spaCy; the NLP never touches Flask."""

import ast
from pathlib import Path

import claimflags

PKG = Path(claimflags.__file__).parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.add(base)
            names.update(f"{base}.{a.name}" if node.module else base + a.name for a in node.names)
    return names


def test_web_layer_does_not_import_spacy_or_pipeline():
    for path in (PKG / "web").rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith("spacy"), f"{path.name} imports {name}"
            assert "pipeline" not in name, f"{path.name} imports {name}"
            assert "audit" not in name.split(".") and not name.startswith(("dask", "distributed")), f"{path.name} imports {name}"


def test_only_the_audit_needs_its_extra():
    """dask, distributed, pyarrow, pandas, matplotlib and trafilatura are the audit extra's:
    nothing outside claimflags/audit/ imports them at module level (make run stays lean)."""
    extra = ("dask", "distributed", "pyarrow", "pandas", "matplotlib", "trafilatura", "tqdm")
    for path in PKG.rglob("*.py"):
        if "audit" in path.relative_to(PKG).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] in extra for n in names), f"{path} imports {names} at module level"


def test_nlp_layer_does_not_import_web_code():
    for folder in ("pipeline",):
        for path in (PKG / folder).rglob("*.py"):
            for name in imports_of(path):
                assert not name.startswith(("flask", "werkzeug", "gunicorn")), f"{path} imports {name}"
                assert "web" not in name.split(".") and "service" not in name, f"{path} imports {name}"


def test_engine_runs_models_without_torch():
    """Trained models run through onnxruntime and numpy; torch and transformers belong to the
    training extra (requirements/training.txt), never to the package."""
    for path in PKG.rglob("*.py"):
        for name in imports_of(path):
            assert name.split(".")[0] not in ("torch", "transformers", "optimum"), f"{path} imports {name}"
