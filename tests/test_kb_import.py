"""`claimflags kb import` and `kb stats` on small files written here."""

import json

import pytest
from click.testing import CliRunner

from claimflags.cli import main
from claimflags.kb import KnowledgeBase, reset_kb

HOLDERS = """person,position,country,start,end,source
Jean Dupont,President,France,2030-01-01,,test file
Vladimir Putin,President of Russia,,2012-05-07,,Wikidata
Someone,Mayor,Russia,2000,,x
No Dates,Prime Minister,India,,,x
Backwards,Prime Minister,India,2010,2005,x
,Prime Minister,India,2010,,x
"""


@pytest.fixture
def kb_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMFLAGS_KB_DIR", str(tmp_path / "kb"))
    reset_kb()
    yield tmp_path / "kb"
    reset_kb()


def test_import_validates_rows_and_stores_the_good_ones(tmp_path, kb_dir):
    src = tmp_path / "holders.csv"
    src.write_text(HOLDERS, encoding="utf-8")
    result = CliRunner().invoke(main, ["kb", "import", str(src)])
    assert result.exit_code == 0, result.output
    assert "6 rows, 2 accepted, 4 rejected" in result.output
    assert "rejected row 3: the knowledge base has no office 'Mayor' for Russia" in result.output
    assert "rejected row 4: 'start' is missing" in result.output
    assert "rejected row 5: 'end' (2005) is before 'start' (2010)" in result.output
    assert "rejected row 6: 'person' is missing" in result.output
    stored = [json.loads(line) for line in (kb_dir / "office_holders" / "holders.jsonl").read_text().splitlines()]
    assert [(r["person"], r["office"]) for r in stored] == [("Jean Dupont", "FRA.president"), ("Vladimir Putin", "RUS.president")]
    kb = KnowledgeBase.load(kb_dir)
    assert [t.office for t in kb.tenures_of("Jean Dupont")] == ["FRA.president"]
    assert any(f.origin == "imported" for f in kb.files)


def test_wikidata_style_jsonl(tmp_path, kb_dir):
    src = tmp_path / "wd.jsonl"
    rows = [
        {"personLabel": "Test Person", "positionLabel": "Prime Minister of India", "startTime": "+2030-01-01T00:00:00Z",
         "startTime_precision": "9"},
        {"personLabel": "Other Person", "positionLabel": "Q1234", "startTime": "+2030-01-01T00:00:00Z"},
    ]  # fmt: skip
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["kb", "import", str(src), "--source", "Wikidata query"])
    assert "2 rows, 1 accepted, 1 rejected" in result.output
    stored = json.loads((kb_dir / "office_holders" / "wd.jsonl").read_text())
    assert stored["start"] == "2030" and stored["office"] == "IND.prime_minister" and stored["source"] == "Wikidata query"


def test_dry_run_stores_nothing_and_bad_files_fail_cleanly(tmp_path, kb_dir):
    src = tmp_path / "h.csv"
    src.write_text(HOLDERS, encoding="utf-8")
    result = CliRunner().invoke(main, ["kb", "import", str(src), "--dry-run"])
    assert "nothing stored (dry run)" in result.output and not kb_dir.exists()
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"\xff\xfe\x00garbage\n{not json")
    result = CliRunner().invoke(main, ["kb", "import", str(junk)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    empty = tmp_path / "none.csv"
    empty.write_text("person,office,start\nX,NOPE.office,2020\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["kb", "import", str(empty)])
    assert result.exit_code == 1 and "0 accepted" in result.output


def test_other_kinds_import(tmp_path, kb_dir):
    src = tmp_path / "events.jsonl"
    src.write_text(json.dumps({"id": "test_event", "name": "Test event", "start": "2001-02-03", "check": "contradict",
                               "patterns": ["the test event"], "source": "test"}) + "\n", encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["kb", "import", str(src), "--kind", "events"])
    assert "1 accepted" in result.output
    assert any(e.id == "test_event" for e in KnowledgeBase.load(kb_dir).events)


def test_stats(kb_dir):
    result = CliRunner().invoke(main, ["kb", "stats", "--offices"])
    assert result.exit_code == 0
    assert "RUS.president" in result.output and "facts as of" in result.output
    info = json.loads(CliRunner().invoke(main, ["kb", "stats", "--json"]).output)
    assert info["tenures"] > 400 and info["offices"] > 50 and info["import_dir"] == str(kb_dir)


def test_an_import_changes_the_engine_fingerprint(tmp_path, kb_dir, nlp):
    from claimflags.service import Analyzer

    before = Analyzer(nlp=nlp).fingerprint
    src = tmp_path / "more.csv"
    src.write_text("person,office,start,source\nJane Roe,FRA.president,2031,test\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["kb", "import", str(src)]).exit_code == 0
    reset_kb()
    assert Analyzer(nlp=nlp).fingerprint != before
