"""``claimflags kb stats``: what the knowledge base holds and where it was read from."""

from __future__ import annotations

from collections import Counter

from .base import KnowledgeBase
from .store import user_dir


def summary(kb: KnowledgeBase) -> dict:
    entities = Counter(e.kind for e in kb.entities.values())
    return {
        "version": kb.version,
        "as_of": kb.as_of.isoformat(),
        "fingerprint": kb.fingerprint(),
        "import_dir": str(user_dir()),
        "countries": entities.get("country", 0),
        "organizations": entities.get("organization", 0),
        "offices": len(kb.offices),
        "people": sum(1 for p in kb.people if kb.tenures_of(p)),
        "tenures": len(kb.tenures),
        "acting_tenures": sum(1 for t in kb.tenures if t.acting),
        "events": len(kb.events),
        "files": [{"kind": f.kind, "origin": f.origin, "path": f.path, "rows": f.rows} for f in kb.files],
        "rejected_imported_rows": [{"file": f, "row": n, "reasons": r} for f, n, r in kb.rejected],
    }


def offices_table(kb: KnowledgeBase) -> list[dict]:
    rows = []
    for office in sorted(kb.offices.values(), key=lambda o: o.id):
        tenures = kb.tenures_in(office.id)
        rows.append({
            "office": office.id,
            "name": office.name,
            "role": office.role,
            "titles": list(office.titles),
            "holders": len({t.person for t in tenures}),
            "complete_from": office.covered_from.iso() if office.covered_from else None,
            "abolished": office.abolished.iso() if office.abolished else None,
        })  # fmt: skip
    return rows


def render(info: dict, offices: list[dict] | None = None) -> str:
    lines = [
        f"knowledge base {info['version']} (facts as of {info['as_of']}; fingerprint {info['fingerprint']})",
        f"  countries {info['countries']}, organizations {info['organizations']}, offices {info['offices']}, "
        f"people {info['people']}, tenures {info['tenures']} ({info['acting_tenures']} acting), events {info['events']}",
        f"  imports are read from {info['import_dir']}",
        "  files:",
    ]
    lines += [f"    {f['origin']:<9} {f['kind']:<15} {f['rows']:>5} rows  {f['path']}" for f in info["files"]]
    if info["rejected_imported_rows"]:
        lines.append(f"  {len(info['rejected_imported_rows'])} imported row(s) skipped as invalid:")
        lines += [f"    {r['file']} row {r['row']}: {r['reasons']}" for r in info["rejected_imported_rows"][:20]]
    if offices:
        lines.append("  offices (holders listed completely from the date shown):")
        lines += [f"    {o['office']:<26} {o['holders']:>3} holders  from {o['complete_from'] or '?':<10} {o['name']}"
                  for o in offices]  # fmt: skip
    return "\n".join(lines)
