"""`claimflags audit`: inputs, rows, a run on a Dask cluster of real worker processes, resuming,
the Parquet tables read back by pandas and DuckDB, and the report."""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("distributed", reason="the audit extra is not installed (scripts/bootstrap.sh audit)")

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from claimflags.audit.inputs import count_documents, extract_html, ids_digest, iter_documents, partitions  # noqa: E402
from claimflags.audit.report import evidence_text, person_name, sourcing_by, speakers  # noqa: E402
from claimflags.audit.run import AuditProblem, run_audit  # noqa: E402
from claimflags.audit.tables import analyse_document  # noqa: E402
from claimflags.cli import main  # noqa: E402

ARTICLES = {
    "budget.txt": "The city council approved a budget of $4.2 million on Thursday, up 12% from last year, according "
    "to the finance office.\n\nUnemployment fell to 3.9% in May. “We are not done,” said Mayor Ana Ruiz.\n",
    "transit.txt": "Bus ridership rose 18% in 2025, officials said. Experts say fares will rise.\n\nA senior official "
    "who asked not to be named said the plan was “dead on arrival”.\n",
    "cafe.txt": "Café owners on the “Rue Élysée” said sales fell 7% 😀 after the works began, the chamber of commerce "
    "reported on Monday.\n",
    "schools.txt": "Enrollment dropped 5.5% this year. Ms. Lee, the district's spokeswoman, said the drop was expected.\n",
}
PAGE = """<!doctype html><html lang="en"><head><title>Harbour ferries | The Wexford Ledger</title>
<meta property="og:site_name" content="The Wexford Ledger">
<meta property="article:published_time" content="2026-03-02T08:15:00+00:00">
<meta name="author" content="Nora Quill"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour ferries carry more passengers</h1>
<p>Ferry passengers rose 37% in 2025, according to the Wexford harbour board, which counted 1.2 million trips.</p>
<p>“The new boats made the difference,” said Liam Doyle, the board's chairman, on Monday.</p>
<p>Some residents say the timetable still leaves the islands without a late crossing on weekdays.</p>
</article><aside>Most read: ten recipes for a rainy day</aside>
<footer>© The Wexford Ledger. All rights reserved. Cookie settings.</footer></body></html>"""
METADATA = "filename,publisher,author,title\nbudget,City Times,Jo Park,Budget passes\ntransit,City Times,Jo Park,Fares\n" \
           "cafe,Le Quartier,Ana Vidal,Cafés\nschools,Valley News,,Schools\n"  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "texts").mkdir()
    for name, text in ARTICLES.items():
        (folder / "texts" / name).write_text(text, encoding="utf-8")
    (folder / "texts" / "ferries.html").write_text(PAGE, encoding="utf-8")
    (folder / "texts" / "latin1.txt").write_bytes("Caf\xe9 prices rose 3%.".encode("latin-1"))
    (folder / "texts" / "blank.txt").write_text("   \n", encoding="utf-8")
    (folder / "metadata.csv").write_text(METADATA, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster():
    """Two real worker processes, one thread each, started once for the module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local


def audit(args, **kw):
    result = CliRunner().invoke(main, ["audit", "--no-progress", *map(str, args)], catch_exceptions=False, **kw)
    return result


# -- inputs ---------------------------------------------------------------------------------------


def test_folder_documents_in_path_order_with_the_sidecar(corpus):
    docs = list(iter_documents(corpus / "texts", corpus / "metadata.csv"))
    assert [d["doc_id"] for d in docs] == ["blank.txt", "budget.txt", "cafe.txt", "ferries.html", "latin1.txt",
                                           "schools.txt", "transit.txt"]  # fmt: skip
    by_id = {d["doc_id"]: d for d in docs}
    assert (by_id["budget.txt"]["outlet"], by_id["budget.txt"]["author"]) == ("City Times", "Jo Park")
    assert by_id["schools.txt"]["author"] is None and by_id["cafe.txt"]["text"] == ARTICLES["cafe.txt"]
    assert by_id["latin1.txt"]["input_error"][0] == "not_utf8"
    assert by_id["ferries.html"]["html"] and by_id["ferries.html"]["text"] is None  # extracted on a worker
    assert count_documents(corpus / "texts") == len(docs)


def test_html_article_and_its_metadata():
    page = extract_html(PAGE.encode())
    assert page["title"].startswith("Harbour ferries") and page["outlet"] == "The Wexford Ledger"
    assert page["published"] == "2026-03-02" and page["author"] == "Nora Quill"
    assert "rose 37% in 2025" in page["text"] and "Liam Doyle" in page["text"]
    for chrome in ("Home", "Most read", "Cookie", "All rights reserved"):
        assert chrome not in page["text"], chrome
    assert "\n\n" in page["text"]  # paragraphs stay apart


def test_jsonl_and_parquet_records(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": ARTICLES["budget.txt"], "outlet": "City Times", "published": "2026-02-20"}),
        "{not json",
        json.dumps({"text": 42}),
        json.dumps({"url": "https://news.example.org/x", "text": ARTICLES["transit.txt"]}),
        "",
        json.dumps({"title": "no text"}),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs = list(iter_documents(tmp_path / "in.jsonl"))
    assert [d["doc_id"] for d in docs] == ["a1", "in.jsonl:2", "in.jsonl:3", "in.jsonl:4", "in.jsonl:5"]
    assert [d["input_error"][0] if d["input_error"] else None for d in docs] == [
        None, "invalid_json", "invalid_field", None, "missing_field"]  # fmt: skip
    assert docs[3]["outlet"] == "news.example.org"  # no outlet: the address's host
    import datetime as dt

    table = pa.table({"text": [ARTICLES["cafe.txt"], None], "published": [dt.date(2026, 1, 5), None],
                      "author": ["Ana Vidal", None]})  # fmt: skip
    pq.write_table(table, tmp_path / "in.parquet")
    rows = list(iter_documents(tmp_path / "in.parquet"))
    assert rows[0]["published"] == "2026-01-05" and rows[0]["author"] == "Ana Vidal" and rows[1]["input_error"]
    assert count_documents(tmp_path / "in.parquet") == 2 and count_documents(tmp_path / "in.jsonl") == 5


def test_partitions_are_the_same_cut_every_time(corpus):
    cut = [(i, [d["doc_id"] for d in p]) for i, p in partitions(iter_documents(corpus / "texts"), 3)]
    assert cut == [(i, [d["doc_id"] for d in p]) for i, p in partitions(iter_documents(corpus / "texts"), 3)]
    assert [len(ids) for _, ids in cut] == [3, 3, 1]
    first = next(partitions(iter_documents(corpus / "texts"), 3))[1]
    assert ids_digest(first) == ids_digest(list(first))
    assert ids_digest(first) != ids_digest([{**first[0], "text": "changed"}, *first[1:]])


# -- one document as rows -------------------------------------------------------------------------


def test_rows_of_an_analysed_document(analyzer):
    doc = {"doc_id": "t", "text": ARTICLES["transit.txt"], "outlet": "City Times", "published": "2026-01-10"}
    article, spans, notes = analyse_document(analyzer, doc, 0, 20_000)
    result = analyzer.analyze_text(ARTICLES["transit.txt"], published="2026-01-10", page={"site": "City Times"})
    assert article["status"] == "ok" and article["published"] == "2026-01-10" and article["published_source"] == "request"
    assert [s["span_id"] for s in spans] == [s["id"] for s in result["spans"]]
    for span in spans:
        assert doc["text"][span["start"] : span["end"]] == span["text"]
    codes = [n["code"] for n in notes]
    assert article["source_anonymous"] == codes.count("SOURCE_ANONYMOUS") >= 1
    assert article["source_vague"] == codes.count("SOURCE_VAGUE") >= 1
    assert article["attributions"] == sum(s["kind"] == "attribution" for s in spans)
    assert article["words"] == len(doc["text"].split())


def test_every_failure_is_the_document_s_error(analyzer):
    cases = {
        "input": {"doc_id": "a", "text": None, "input_error": ["not_utf8", "not UTF-8"]},
        "empty": {"doc_id": "b", "text": "  "},
        "long": {"doc_id": "c", "text": "word " * 5000},
        "page": {"doc_id": "d", "html": b"<html><body></body></html>"},
    }
    codes = {name: analyse_document(analyzer, doc, 0, 1000)[0]["error_code"] for name, doc in cases.items()}
    assert codes == {"input": "not_utf8", "empty": "empty_text", "long": "text_too_large", "page": "html_unreadable"}
    slow = analyse_document(analyzer, {"doc_id": "e", "text": ARTICLES["budget.txt"] * 40}, 0, 100_000, lambda chars: 0.001)
    assert slow[0]["error_code"] == "analysis_timeout"

    class Broken:
        def analyze(self, *args, **kwargs):
            raise RuntimeError("model file damaged")

    article, spans, _ = analyse_document(Broken(), {"doc_id": "f", "text": "Crime fell 12%."}, 0, 1000)
    assert article["status"] == "error" and article["error_code"] == "analysis_error" and "model file damaged" in article["error_message"]


# -- a run on the cluster -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audited(corpus, cluster, tmp_path_factory):
    out = tmp_path_factory.mktemp("audit") / "out"
    result = audit([corpus / "texts", "--out", out, "--scheduler", cluster.scheduler_address,
                    "--metadata", corpus / "metadata.csv", "--partition-size", "3"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out, result.output


def test_tables_are_read_back_by_pandas_and_duckdb(corpus, audited):
    out, output = audited
    assert "7 documents: 7 analysed now (2 with an error)" in output
    articles = pd.read_parquet(out / "articles").set_index("doc_id")
    assert len(articles) == 7 and articles["partition"].max() == 2
    assert articles.loc["latin1.txt", "error_code"] == "not_utf8" and articles.loc["blank.txt", "error_code"] == "empty_text"
    assert articles.loc["ferries.html", "outlet"] == "The Wexford Ledger" and articles.loc["ferries.html", "published_source"] == "page"
    assert articles.loc["cafe.txt", "outlet"] == "Le Quartier" and articles.loc["budget.txt", "author"] == "Jo Park"
    spans = pd.read_parquet(out / "spans")
    texts = {name: text for name, text in ARTICLES.items()}
    for row in spans[spans["doc_id"].isin(texts)].itertuples():  # code points, emoji and accents included
        assert texts[row.doc_id][row.start : row.end] == row.text
    counted = duckdb.sql(f"SELECT doc_id, count(*) FROM read_parquet('{out}/spans/*.parquet') WHERE kind = 'attribution' "
                         "GROUP BY doc_id").fetchall()  # fmt: skip
    assert dict(counted) == articles["attributions"].dropna().astype(int)[lambda s: s > 0].to_dict()
    notes = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/notes/*.parquet') WHERE code = 'SOURCE_ANONYMOUS'").fetchall()[0][0]
    assert notes == articles["source_anonymous"].sum() >= 1


def test_the_model_loads_once_per_worker_process(cluster, audited):
    from distributed import Client

    from claimflags.audit.run import worker_state

    with Client(cluster) as client:
        states = client.run(worker_state)
    assert len(states) == 2 and len({s["pid"] for s in states.values()}) == 2 and os.getpid() not in {s["pid"] for s in states.values()}
    assert all(s["loads"] == 1 for s in states.values())
    assert sum(s["documents"] for s in states.values()) >= 7


def test_a_rerun_resumes_where_the_run_stopped(corpus, cluster, audited, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(audited[0], out)
    before = pd.read_parquet(out / "articles").drop(columns=["worker", "analysis_ms"]).sort_values("doc_id", ignore_index=True)
    for name in ("articles", "spans", "notes"):  # as if the run had stopped while writing partition 1
        (out / name / "part-00001.parquet").unlink()
    (out / "_partitions" / "part-00001.json").unlink()
    (out / "spans" / ".part-00001.parquet.tmp").write_bytes(b"half a file")
    args = [corpus / "texts", "--out", out, "--scheduler", cluster.scheduler_address, "--metadata", corpus / "metadata.csv"]
    result = audit(args)
    assert result.exit_code == 0 and "7 documents: 3 analysed now (1 with an error), 4 done before" in result.output, result.output
    after = pd.read_parquet(out / "articles").drop(columns=["worker", "analysis_ms"]).sort_values("doc_id", ignore_index=True)
    pd.testing.assert_frame_equal(before, after)
    again = audit(args)  # nothing left: no cluster needed, the report is rebuilt
    assert "0 analysed now (0 with an error), 7 done before" in again.output and "loading the model" not in again.output

    (corpus / "texts" / "schools.txt").write_text(ARTICLES["schools.txt"] + "It rained.\n", encoding="utf-8")
    try:
        with pytest.raises(AuditProblem, match="the input changed"):
            run_audit(corpus / "texts", out, scheduler=cluster.scheduler_address, metadata=corpus / "metadata.csv",
                      progress=False, echo=lambda m: None)  # fmt: skip
        refused = audit([corpus / "texts", "--out", out, "--scheduler", cluster.scheduler_address])
        assert refused.exit_code == 1 and "--restart" in refused.output and "Traceback" not in refused.output
    finally:
        (corpus / "texts" / "schools.txt").write_text(ARTICLES["schools.txt"], encoding="utf-8")


def test_an_export_that_grew_is_resumed_from_its_last_partition(cluster, tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": text}) for i, text in enumerate([*ARTICLES.values(), ARTICLES["cafe.txt"]])]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), encoding="utf-8")
    args = [tmp_path / "in.jsonl", "--out", tmp_path / "out", "--scheduler", cluster.scheduler_address, "--partition-size", "3"]
    assert "5 documents: 5 analysed now" in audit(args).output
    with open(tmp_path / "in.jsonl", "a", encoding="utf-8") as fh:  # two more articles exported since
        fh.write("\n" + json.dumps({"id": "d5", "text": ARTICLES["budget.txt"]}) + "\n" + json.dumps({"id": "d6", "text": "Crime fell 9%."}))
    result = audit(args[:-2])  # the folder remembers its partition size
    assert "7 documents: 4 analysed now (0 with an error), 3 done before" in result.output, result.output
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["doc_id"]) == [f"d{i}" for i in range(7)]


def test_report_html_and_markdown(audited):
    out, _ = audited
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 3 and "<script" not in page and "http" not in page.split("<body>")[1]
    markdown = (out / "report.md").read_text(encoding="utf-8")
    articles = pd.read_parquet(out / "articles")
    table = sourcing_by(articles, "outlet")
    for outlet, row in table.iterrows():  # the report's figures are the tables' figures
        line = next(ln for ln in markdown.splitlines() if ln.startswith(f"| {outlet} |"))
        assert f"| {int(row.words):,} | {row.unsourced_per_1k:.2f} | {row.vague_per_1k:.2f} | {row.anonymous_per_1k:.2f} |" in line
    assert "Liam Doyle" in markdown  # the most-quoted sources
    assert "not_utf8" in markdown and "empty_text" in markdown  # documents not analysed, with their error
    for name in ("outlets", "source_types", "speakers"):
        assert (out / "figures" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sourcing_rates_per_thousand_words():
    rows = [
        {"doc_id": "1", "status": "ok", "outlet": "A", "author": "x", "words": 500, "unsourced_statistics": 1, "source_vague": 2},
        {"doc_id": "2", "status": "ok", "outlet": "A", "author": "y", "words": 1500, "unsourced_statistics": 3, "source_vague": 0},
        {"doc_id": "3", "status": "ok", "outlet": None, "author": "y", "words": 1000, "unsourced_statistics": 0, "source_vague": 1},
        {"doc_id": "4", "status": "error", "outlet": "A", "author": "y", "words": 900, "unsourced_statistics": None, "source_vague": None},
    ]
    zero = dict.fromkeys(["statistics", "statistics_needing_source", "source_anonymous", "quote_unattributed",
                          "attributions", "attributions_named", "warnings"], 0)  # fmt: skip
    table = sourcing_by(pd.DataFrame([{**zero, **r} for r in rows]), "outlet")
    assert table.loc["A", "articles"] == 2 and table.loc["A", "words"] == 2000
    assert table.loc["A", "unsourced_per_1k"] == pytest.approx(2.0) and table.loc["A", "vague_per_1k"] == pytest.approx(1.0)
    assert table.loc["(unknown)", "vague_per_1k"] == pytest.approx(1.0)


@pytest.mark.parametrize(("written", "name"), [
    ("Republican presidential nominee Donald Trump", "Donald Trump"), ("Vermont Sen. Bernie Sanders", "Bernie Sanders"),
    ("Secretary of State John Kerry", "John Kerry"), ("Tim Selaty, organizer of a group", "Tim Selaty"),
    ("Mr. Sanders", "Sanders"), ("Hillary Clinton’s", "Hillary Clinton"), ("Ludwig van Beethoven", "Ludwig van Beethoven"),
    ("Trump and Sanders", "Trump and Sanders"),
])  # fmt: skip
def test_a_person_s_name_without_what_was_written_around_it(written, name):
    assert person_name(written) == name


def test_a_surname_counts_for_the_full_name_its_article_writes():
    rows = [  # (doc, kind, source written, source resolved, the doc's other span text)
        ("a", "person", "Donald Trump", None, ""), ("a", "person", "Trump", None, ""),
        ("b", "pronoun", "he", "Mr. Trump", "Donald Trump's rally drew 3,000 people."),
        ("c", "person", "Trump", None, "Eric Trump and Donald Trump spoke."), ("c", "person", "Eric Trump", None, ""),
        ("d", "person", "Clinton", None, ""), ("e", "person", "Hillary Clinton", None, ""),
        ("f", "person", "Bill Clinton", None, ""), ("g", "person", "Kasich", None, ""), ("g", "person", "John Kasich", None, ""),
        ("h", "person", "Kasich", None, ""),
    ]  # fmt: skip
    spans = pd.DataFrame(
        [{"doc_id": d, "kind": "attribution", "source_type": k, "source_text": w, "source_resolved": r, "text": w}
         for d, k, w, r, _ in rows]
        + [{"doc_id": d, "kind": "claim", "source_type": None, "source_text": None, "source_resolved": None, "text": t}
           for d, _, _, _, t in rows if t])  # fmt: skip
    articles = pd.DataFrame({"doc_id": list("abcdefgh"), "outlet": ["X"] * 8})
    top = speakers(spans, articles).set_index("speaker")["quotes"].to_dict()
    # a: the article's own "Donald Trump"; b: the pronoun's antecedent, in an article writing
    # "Donald Trump"; c: the article writes Eric and Donald Trump, so its "Trump" is left apart.
    assert top == {"Donald Trump": 3, "Trump (surname only)": 1, "Eric Trump": 1, "Clinton (surname only)": 1,
                   "Hillary Clinton": 1, "Bill Clinton": 1, "John Kasich": 3}  # fmt: skip


def test_evidence_in_one_line():
    raw = json.dumps([{"type": "text", "text": "Xi Jinping", "role": "person"},
                      {"type": "fact", "text": "Vladimir Putin is president of Russia", "source": "Wikipedia: President of Russia"},
                      {"type": "rule", "text": "office held by another person"}])  # fmt: skip
    assert evidence_text(raw) == ("“Xi Jinping” (person); Vladimir Putin is president of Russia [source: Wikipedia: "
                                  "President of Russia]; rule: office held by another person")  # fmt: skip


# -- the default: a local cluster of its own ------------------------------------------------------


@pytest.mark.slow
def test_default_local_cluster_and_progress_bar(tmp_path):
    records = [{"id": f"r{i}", "text": text, "outlet": "City Times"} for i, text in enumerate(ARTICLES.values())]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "starting a local Dask cluster: 1 worker process(es)" in result.output
    assert "4/4" in result.output and "words/s" in result.output  # the progress bar (stderr)
    assert "4 documents: 4 analysed now (0 with an error), 0 done before" in result.output
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["workers"] == 1 and run["words"] == sum(len(t.split()) for t in ARTICLES.values())


def test_a_missing_input_or_a_foreign_folder_is_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Crime fell 12%.", encoding="utf-8")
    result = audit([tmp_path / "in", "--out", tmp_path])
    assert result.exit_code == 1 and "not empty and holds no audit" in result.output
    (tmp_path / "none").mkdir()
    result = audit([tmp_path / "none", "--out", tmp_path / "o"])
    assert result.exit_code == 1 and "no .txt, .html, .jsonl or .parquet files" in result.output
    pq.write_table(pa.table({"body": ["Crime fell 12%."]}), tmp_path / "bad.parquet")
    (tmp_path / "junk.parquet").write_bytes(b"not parquet")
    for name, message in (("bad.parquet", "needs a 'text' column"), ("junk.parquet", "not a readable Parquet file")):
        result = audit([tmp_path / name, "--out", tmp_path / "o"])
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_a_partition_whose_task_fails_is_split_and_only_the_bad_document_is_lost(tmp_path, monkeypatch):
    """A task that fails (a worker that died on it, say) costs one document, not its partition:
    its documents go one by one and the one that fails again is recorded as worker_lost."""
    from distributed import LocalCluster

    import claimflags.audit.run as run_module

    original = run_module.analyse_partition

    def failing_on_poison(index, docs, *args):
        if any(d["doc_id"] == "poison.txt" for d in docs):
            raise RuntimeError("worker died")
        return original(index, docs, *args)

    # Pickled by reference, so the in-process worker runs this one.
    failing_on_poison.__module__, failing_on_poison.__qualname__ = run_module.__name__, "analyse_partition"
    monkeypatch.setattr(run_module, "analyse_partition", failing_on_poison)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "poison.txt", "z.txt"):
        (folder / name).write_text(ARTICLES["schools.txt"], encoding="utf-8")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as local:
        messages = []
        figures = run_audit(folder, tmp_path / "out", scheduler=local.scheduler_address, partition_size=3,
                            progress=False, report=False, echo=messages.append)  # fmt: skip
    articles = pd.read_parquet(tmp_path / "out" / "articles").set_index("doc_id")
    assert articles["status"].to_dict() == {"a.txt": "ok", "poison.txt": "error", "z.txt": "ok"}
    assert articles.loc["poison.txt", "error_code"] == "worker_lost" and "worker died" in articles.loc["poison.txt", "error_message"]
    assert figures["split"] == 1 and any("one by one" in m for m in messages)
    assert json.loads((tmp_path / "out" / "_partitions" / "part-00000.json").read_text())["split"] is True
