"""``claimflags audit``: the engine over an archive, on a Dask cluster, into Parquet tables and a
sourcing report.

- ``inputs``: documents from a folder of .txt/.html files, JSON Lines or Parquet (HTML pages are
  reduced to their article with trafilatura), each with a stable id, in a fixed order, cut into
  partitions.
- ``tables``: one analysed document as rows of the three tables (articles, spans, notes), with
  every error recorded on the article's row.
- ``run``: the Dask driver: a worker plugin loads the model once per worker, partitions go out
  a few at a time, each finished partition is written atomically and marked done, so a rerun
  resumes where a run stopped.
- ``report``: the sourcing report (HTML with figures, and Markdown) from the tables.

Needs the ``audit`` extra (``scripts/bootstrap.sh audit``); the server never imports it.
"""

EXTRA_HINT = "the audit needs its extra: run scripts/bootstrap.sh audit (or make install-audit)"
