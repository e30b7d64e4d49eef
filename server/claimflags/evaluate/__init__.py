"""``claimflags eval``: quality on held-out data (PolNeAR dev, CheckThat! dev) and of the
verification checks on a corpus generated from the knowledge base (no data folder).

Each task module exposes ``run(analyzer, data_dir, echo) -> dict`` returning its figures
plus a ``report`` string; nothing here asserts a threshold, the README quotes the figures.
"""

TASKS = {
    "attribution": ("claimflags.evaluate.polnear", "polnear_dir"),
    "checkworthy": ("claimflags.evaluate.checkworthy", "checkworthy_dir"),
    "checks": ("claimflags.evaluate.checks", None),
}
