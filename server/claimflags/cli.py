"""The ``claimflags`` command line."""

from __future__ import annotations

import json
import os
import sys

import click

from . import __version__
from .config import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimflags")
def main() -> None:
    """Flag check-worthy claims, statistics and attributions in news text."""


def _read_input(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise click.ClickException(f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text (byte {exc.start}); convert it to UTF-8 first") from None


@main.command()
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--published", help="Publication date, YYYY-MM-DD (default: a dateline in the text).")
@click.option("--title", help="The article's title.")
@click.option("--url", help="The article's address.")
@click.option("--offsets", type=click.Choice(["codepoint", "utf16"]), default="codepoint", show_default=True)
@click.option(
    "--attributions",
    type=click.Choice(["reports", "all"]),
    default="reports",
    show_default=True,
    help="'all' adds stances ('X wants ...') as attributions of type 'stance'.",
)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--color/--no-color", default=None, help="Colour the text listing (default: when writing to a terminal).")
def analyze(file, published, title, url, offsets, attributions, fmt, color):
    """Analyse an article (FILE, or - for standard input)."""
    from .service import Analyzer, AnalyzeRequest, InputError

    text = _read_input(file)
    settings = Settings.from_env()
    try:
        req = AnalyzeRequest.from_json(
            {
                "text": text,
                "published": published,
                "title": title,
                "url": url,
                "offsets": "codepoint" if fmt == "text" else offsets,
                "attributions": attributions,
            },
            max_chars=settings.max_chars,
        )
    except InputError as exc:
        raise click.ClickException(exc.message) from None
    result = Analyzer(model=settings.model).analyze(req)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        from .textreport import render_text

        use_color = sys.stdout.isatty() if color is None else color
        click.echo(render_text(text, result, color=use_color), color=use_color)


@main.command()
@click.option("--host", help="Address to bind (default 127.0.0.1, or CLAIMFLAGS_HOST).")
@click.option("--port", type=int, help="Port (default 8731, or CLAIMFLAGS_PORT).")
@click.option("--workers", type=int, help="gunicorn workers (default: CPU count up to 4, or CLAIMFLAGS_WORKERS).")
@click.option("--dev", is_flag=True, help="Use Flask's development server instead of gunicorn (never in production).")
def serve(host, port, workers, dev):
    """Serve the HTTP API (gunicorn), configured by CLAIMFLAGS_* variables (`claimflags config`)."""
    overrides = {"CLAIMFLAGS_HOST": host, "CLAIMFLAGS_PORT": port, "CLAIMFLAGS_WORKERS": workers}
    for key, value in overrides.items():
        if value is not None:
            os.environ[key] = str(value)
    settings = _checked_settings()
    if dev:
        from .web import create_app

        create_app(settings).run(host=settings.host, port=settings.port, debug=False, threaded=False)
        return
    argv = [
        sys.executable, "-m", "gunicorn",
        "--config", "python:claimflags.web.gunicorn_conf",
        "claimflags.web.wsgi:app",
    ]  # fmt: skip
    # glibc gives each thread its own malloc arenas; the analysis moves between a worker's
    # threads, and so would its freed memory. Two arenas keep RSS as with one thread.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    keys = f"{len(settings.api_keys)} API key(s)" if settings.api_keys else "no API keys"
    limit = f"rate limit {settings.rate_limit}" if settings.rate_limit.strip() else "no rate limit"
    click.echo(f"claimflags {__version__}: serving on http://{settings.host}:{settings.port} "
               f"({settings.workers} workers; {keys}; {limit})", err=True)  # fmt: skip
    os.execv(sys.executable, argv)


def _checked_settings() -> Settings:
    """The settings from the environment, or exit with the variable and the fix named."""
    try:
        return Settings.from_env().check()
    except ValueError as exc:
        raise click.ClickException(f"bad configuration: {exc}") from None


@main.command(name="config")
@click.option("--markdown", is_flag=True, help="Print the table of every variable as Markdown.")
def config_cmd(markdown):
    """Show the effective configuration (keys hidden), or document every CLAIMFLAGS_* variable."""
    from dataclasses import asdict

    from .config import settings_markdown

    if markdown:
        click.echo(settings_markdown())
        return
    settings = _checked_settings()
    for name, value in asdict(settings).items():
        if name == "api_keys":
            value = f"{len(value)} key(s)"
        click.echo(f"{name:<22} {value}")


@main.group()
def feedback():
    """Reader feedback stored by POST /v1/feedback."""


@feedback.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
def feedback_export(fmt, output):
    """Export every feedback item (CLAIMFLAGS_FEEDBACK_PATH) as CSV or JSON Lines."""
    from .feedback import FeedbackStore, export

    settings = _checked_settings()
    path = settings.resolve("feedback_path")
    if path is None:
        raise click.ClickException("feedback is switched off (CLAIMFLAGS_FEEDBACK_PATH=off)")
    if not path.exists():
        raise click.ClickException(f"no feedback store at {path} yet (nothing was sent, or set CLAIMFLAGS_FEEDBACK_PATH)")
    store = FeedbackStore(path)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            n = export(store.rows(), fmt, fh)
    else:
        n = export(store.rows(), fmt, sys.stdout)
    click.echo(f"{n} feedback item(s) from {path}", err=True)


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the tables and the report.")
@click.option("--scheduler", help="A running Dask cluster's scheduler, e.g. tcp://HOST:8786 (default: a local cluster).")
@click.option("--workers", type=int, help="Worker processes of the local cluster (default: the usable CPUs).")
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False),
              help="CSV/TSV/JSONL with a row per file of a folder (filename, outlet, author, title, published, url).")
@click.option("--partition-size", type=click.IntRange(1, 10_000),
              help="Documents per task and per output file (default: from 4 to 64, by the input's size).")
@click.option("--restart", is_flag=True, help="Discard what OUT holds and start over (default: resume).")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr.")
def audit(input_path, out, scheduler, workers, metadata, partition_size, restart, progress):
    """Analyse an archive on Dask: INPUT is a folder of .txt/.html files, a .jsonl or a .parquet file.

    Writes Parquet tables (articles, spans, notes) and a sourcing report (report.html,
    report.md) into OUT; a rerun resumes where a run stopped. Needs the audit extra
    (scripts/bootstrap.sh audit).
    """
    from .audit import EXTRA_HINT

    try:
        from .audit.run import AuditProblem, run_audit
    except ImportError as exc:
        raise click.ClickException(f"{EXTRA_HINT} ({exc})") from None
    if workers is not None and (workers < 1 or scheduler):
        raise click.ClickException("--workers takes a number from 1, for the local cluster (not with --scheduler)")
    settings = _checked_settings()
    try:
        figures = run_audit(input_path, out, scheduler=scheduler, workers=workers, metadata=metadata,
                            partition_size=partition_size, restart=restart, settings=settings, progress=progress,
                            echo=lambda m: click.echo(m, err=True))  # fmt: skip
    except AuditProblem as exc:
        raise click.ClickException(str(exc)) from None
    speed = (f"; {figures['words']:,} words in {figures['seconds']:.1f} s: {figures['words_per_s']:,.0f} words/s on "
             f"{figures['workers']} worker(s)" if figures.get("words_per_s") else "")  # fmt: skip
    click.echo(f"{figures['documents']:,} documents: {figures['analysed']:,} analysed now ({figures['errors']:,} with an error), "
               f"{figures['skipped']:,} done before{speed}")  # fmt: skip
    click.echo(f"tables: {out}/articles, {out}/spans, {out}/notes (Parquet); report: {figures['report']['html']}, "
               f"{figures['report']['md']}")  # fmt: skip


@main.command()
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), help="Folder of .txt articles "
              "(default: ../shared/data/polnear/dev/text, else the repo's seeds/).")  # fmt: skip
@click.option("--repeat", type=int, default=1, show_default=True, help="Passes over the corpus.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench(corpus, repeat, as_json):
    """Measure the engine's speed against a bare parse of the same model."""
    from .bench import run_bench

    figures = run_bench(corpus, repeat=repeat, echo=lambda m: click.echo(m, err=True))
    click.echo(json.dumps(figures, indent=2) if as_json else figures["report"])


@main.command(name="eval")
@click.option("--task", type=click.Choice(["all", "attribution", "checkworthy", "checks"]), default="all", show_default=True)
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Data folder (default: ../shared/data/...).")
@click.option("--details", is_flag=True, help="checks: also list the missed and falsely flagged sentences.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_cmd(task, data, details, as_json):
    """Measure quality: attribution P/R/F1 on PolNeAR dev, check-worthiness F1 on CheckThat! dev,
    the verification checks on the corpus generated from the knowledge base."""
    import importlib
    from pathlib import Path

    from . import paths
    from .evaluate import TASKS
    from .service import Analyzer

    analyzer = Analyzer(model=Settings.from_env().model)
    results = {}
    for name in TASKS if task == "all" else [task]:
        module_name, dir_func = TASKS[name]
        module = importlib.import_module(module_name)
        if dir_func is None:  # generated data (the checks' corpus)
            results[name] = module.run(analyzer, None, echo=lambda m: click.echo(m, err=True), verbose=details)
            continue
        folder = Path(data) if data else getattr(paths, dir_func)()
        if not folder.is_dir():
            raise click.ClickException(f"{name}: no data at {folder} (it lives in ../shared/data; see README)")
        results[name] = module.run(analyzer, folder, echo=lambda m: click.echo(m, err=True))
    if as_json:
        click.echo(json.dumps(results, indent=2, default=str))
    else:
        click.echo("\n\n".join(r["report"] for r in results.values()))


@main.command(name="notes")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (the README's copy).")
def notes_cmd(markdown):
    """List every note code with its severity and meaning."""
    from .notes import NOTE_TYPES, notes_markdown

    if markdown:
        click.echo(notes_markdown())
        return
    for t in NOTE_TYPES.values():
        click.echo(f"{t.code:<30} {t.severity:<8} {t.meaning}")


@main.group(name="kb")
def kb_group():
    """The offline knowledge base: import more facts, see what is loaded."""


@kb_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["office_holders", "people", "offices", "organizations", "countries", "events"]),
              default="office_holders", show_default=True, help="What the rows are.")  # fmt: skip
@click.option("--source", help="Source for rows that name none (e.g. 'Wikidata query, 2025-06-01').")
@click.option("--name", help="Name of the stored file (default: the input file's name).")
@click.option("--dry-run", is_flag=True, help="Validate and report only; store nothing.")
def kb_import(file, kind, source, name, dry_run):
    """Validate FILE (CSV, TSV, JSON or JSONL) and store its valid rows where the engine reads them.

    Office holders: person, office (an id such as RUS.president) or position (+ country),
    start, end (YYYY, YYYY-MM or YYYY-MM-DD, or Wikidata's +YYYY-MM-DDT00:00:00Z with
    start_precision/end_precision 9/10/11), acting, source, note, aliases. The directory is
    $CLAIMFLAGS_KB_DIR (default ~/.local/share/claimflags/kb); restart the server to use them.
    """
    from .kb.importer import import_file

    try:
        report = import_file(file, kind=kind, source=source, name=name, dry_run=dry_run)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    for row, reasons in report.rejected:
        click.echo(f"rejected row {row}: {reasons}", err=True)
    where = f"; stored in {report.written}" if report.written else ("; nothing stored (dry run)" if dry_run else "; nothing stored")
    click.echo(f"{report.file}: {report.rows} rows, {report.accepted} accepted, {len(report.rejected)} rejected{where}")
    if report.rows and not report.accepted:
        sys.exit(1)


@kb_group.command(name="stats")
@click.option("--offices", is_flag=True, help="List every office with its holders and coverage.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def kb_stats(offices, as_json):
    """Show what the knowledge base holds, its as-of date and the files it was read from."""
    from .kb import get_kb
    from .kb.stats import offices_table, render, summary

    kb = get_kb()
    info = summary(kb)
    table = offices_table(kb) if offices else None
    if as_json:
        click.echo(json.dumps({**info, "offices_table": table} if table else info, indent=2, ensure_ascii=False))
    else:
        click.echo(render(info, table))


if __name__ == "__main__":  # pragma: no cover
    main()
