import json

from click.testing import CliRunner

from claimflags.cli import main


def test_analyze_json_from_stdin():
    result = CliRunner().invoke(
        main, ["analyze", "-", "--published", "2026-02-20"], input="The council approved the plan on Monday.\n"
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["published"] == "2026-02-20" and body["published_source"] == "request"


def test_analyze_text_format(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Friday, February 20, 2026\n\nThe council approved the plan.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(path), "--format", "text", "--no-color"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("claimflags ") and "published 2026-02-20 (dateline)" in result.output


def test_analyze_errors_are_clear(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["analyze", str(tmp_path / "missing.txt")])
    assert r.exit_code != 0 and "cannot read" in r.output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8")
    r = runner.invoke(main, ["analyze", str(bad)])
    assert r.exit_code != 0 and "not UTF-8" in r.output
    r = runner.invoke(main, ["analyze", "-", "--published", "yesterday"], input="Some text.")
    assert r.exit_code != 0 and "YYYY-MM-DD" in r.output
    r = runner.invoke(main, ["analyze", "-"], input="   ")
    assert r.exit_code != 0 and "empty" in r.output


def test_notes_command_lists_table():
    r = CliRunner().invoke(main, ["notes"])
    assert r.exit_code == 0 and "SOURCE_VAGUE" in r.output
