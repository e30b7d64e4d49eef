"""claimflags bench: the engine, the engine without the shared encoder and a bare parse, same run."""

import pytest

from claimflags.bench import run_bench


@pytest.mark.slow
def test_bench_prints_engine_before_and_bare_rows(tmp_path):
    (tmp_path / "a.txt").write_text("Crime fell 12% last year, police said. “We are not done,” she said.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Exports of Chilean copper rose 14% in 2023, the ministry said.\n", encoding="utf-8")
    figures = run_bench(str(tmp_path), echo=lambda m: None)
    assert figures["articles"] == 2 and figures["words"] == 24
    for key in ("engine", "engine_linear_claims", "bare_model"):
        assert figures[key]["words_per_s"] > 0 and figures[key]["words_per_cpu_s"] > 0
    assert "without the encoder" in figures["report"] and "ratio engine / bare" in figures["report"]
    assert "onnxruntime" in figures["stack"]
