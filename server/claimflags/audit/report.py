"""The audit's report: sourcing by outlet and by author, from the Parquet tables.

Written twice from the same figures: ``report.html`` (one self-contained file: the figures are
PNGs embedded as data URIs, no script, nothing fetched) and ``report.md`` (figures beside it in
``figures/``). Rates are per 1,000 words of the articles analysed. Sources are counted by
name: a person's without the titles and descriptions written around it (``person_name``), a
surname alone under the full name its article writes (``_full_names``).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import pandas as pd

from .. import __version__

UNKNOWN = "(unknown)"
SOURCE_TYPES = ("person", "organization", "document", "pronoun", "anonymous", "vague", "none")
TYPE_LABELS = {"pronoun": "pronoun (he said)", "none": "no source found"}
# Okabe-Ito: told apart with the common colour-vision deficiencies.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999", "#F0E442")
RATES = {  # column -> (heading, articles column counted)
    "unsourced_per_1k": ("statistics without a source", "unsourced_statistics"),
    "vague_per_1k": ("vague sources", "source_vague"),
    "anonymous_per_1k": ("anonymous sources", "source_anonymous"),
    "unattributed_per_1k": ("unattributed quotes", "quote_unattributed"),
}
MAX_WARNINGS = 200
MAX_AUTHORS = 30
MIN_AUTHOR_ARTICLES = 2  # one article says little about a writer
MAX_SPEAKERS = 25


def load_tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in ("articles", "spans", "notes")}


def sourcing_by(articles: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per outlet (or author): articles, words and the sourcing rates."""
    ok = articles[articles["status"] == "ok"].assign(**{by: articles[by].fillna(UNKNOWN)})
    table = ok.groupby(by).agg(
        articles=("doc_id", "count"), words=("words", "sum"), statistics=("statistics", "sum"),
        needing_source=("statistics_needing_source", "sum"), unsourced_statistics=("unsourced_statistics", "sum"),
        source_vague=("source_vague", "sum"), source_anonymous=("source_anonymous", "sum"),
        quote_unattributed=("quote_unattributed", "sum"), attributions=("attributions", "sum"),
        attributions_named=("attributions_named", "sum"), warnings=("warnings", "sum"),
    )  # fmt: skip
    words = table["words"].where(table["words"] > 0)
    for column, (_, counted) in RATES.items():
        table[column] = table[counted] / words * 1000
    table["named_share"] = table["attributions_named"] / table["attributions"].where(table["attributions"] > 0)
    return table.sort_values(["articles", "words"], ascending=False)


def speakers(spans: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The most-quoted people and organisations: attributions whose source is named (or a
    pronoun whose antecedent is), counted by name (see ``person_name`` and ``_full_names``)."""
    attr = spans[spans["kind"] == "attribution"]
    named = attr["source_type"].isin(("person", "organization")) | (attr["source_type"].eq("pronoun") & attr["source_resolved"].notna())
    attr = attr[named].copy()
    if attr.empty:
        return pd.DataFrame(columns=["speaker", "type", "quotes", "articles", "outlets"])
    pronoun = attr["source_type"].eq("pronoun")
    name = attr["source_resolved"].where(pronoun, attr["source_text"])
    attr.loc[pronoun, "source_type"] = "person"
    attr["speaker"] = [person_name(n) if t == "person" else _tidy(n) for n, t in zip(name.fillna(""), attr["source_type"], strict=True)]
    attr = attr[attr["speaker"].str.len() > 1]
    texts = spans.groupby("doc_id")["text"].agg(lambda t: " ".join(t.dropna())).to_dict()
    attr["speaker"] = _full_names(attr, texts)
    attr = attr.merge(articles[["doc_id", "outlet"]], on="doc_id", how="left")
    attr["outlet"] = attr["outlet"].fillna(UNKNOWN)
    table = attr.groupby("speaker").agg(
        type=("source_type", lambda s: s.mode().iat[0]), quotes=("doc_id", "size"), articles=("doc_id", "nunique"),
        outlets=("outlet", "nunique"),
    )  # fmt: skip
    return table.sort_values(["quotes", "articles"], ascending=False).head(MAX_SPEAKERS).reset_index()


# Capitalised words written before a name: titles, offices, parties ("Secretary of State John Kerry").
TITLES = {"mr", "mrs", "ms", "dr", "sen", "senator", "rep", "representative", "gov", "governor", "president", "vice",
          "secretary", "state", "speaker", "mayor", "judge", "gen", "general", "prof", "professor", "rev", "sir", "lt",
          "col", "sgt", "capt", "attorney", "u.s", "republican", "democrat", "democratic", "gop", "billionaire"}  # fmt: skip
PARTICLES = {"de", "da", "del", "der", "di", "du", "van", "von", "la", "le", "bin", "al", "ibn"}


def _tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" \"'“”‘’,.:;")
    return re.sub(r"(?:'s|’s)$", "", name)


def person_name(raw: str) -> str:
    """A person's name without what the attribution wrote around it: "Republican presidential
    nominee Donald Trump", "Vermont Sen. Bernie Sanders", "Mr. Sanders" and "Tim Selaty,
    organizer of ..." give "Donald Trump", "Bernie Sanders", "Sanders" and "Tim Selaty" (the
    capitalised words at the end, after any title). Two people ("Trump and Sanders") stay as written."""
    name = _tidy(raw.split(",")[0])
    words = name.split()
    if not words or " and " in f" {name} " or "&" in name:
        return name
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (run and word.lower() in PARTICLES):
            run.insert(0, word)
        else:
            break
    titles = [i for i, w in enumerate(run) if w.lower().rstrip(".") in TITLES]
    core = run[titles[-1] + 1 :] if titles else run
    return " ".join(core) if core else name


def _full_names(rows: pd.DataFrame, texts: dict[str, str]) -> list[str]:
    """A one-word name ("Trump") is counted under the longer name ending with it in the archive's
    attributions ("Donald Trump") that the same article writes (in its spans' text), when it
    writes exactly one; failing that, under the only one in the whole archive. Otherwise a
    person's surname is shown as "Clinton (surname only)" (the archive quotes Hillary and Bill)."""
    longer: dict[str, set[str]] = {}
    for name in set(rows["speaker"]):
        if len(name.split()) > 1:
            longer.setdefault(name.split()[-1], set()).add(name)
    people = set(rows.loc[rows["source_type"] == "person", "speaker"])
    result = []
    for doc, name in zip(rows["doc_id"], rows["speaker"], strict=True):
        if len(name.split()) == 1 and longer.get(name):
            here = {full for full in longer[name] if full in texts.get(doc, "")}
            if len(here) == 1:
                name = next(iter(here))
            elif not here and len(longer[name]) == 1:
                name = next(iter(longer[name]))
            elif longer[name] & people:
                name = f"{name} (surname only)"
        result.append(name)
    return result


def source_type_counts(spans: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet, its attributions by the type of their source."""
    attr = spans[spans["kind"] == "attribution"].merge(articles[["doc_id", "outlet"]], on="doc_id", how="left")
    attr = attr.assign(outlet=attr["outlet"].fillna(UNKNOWN), source_type=attr["source_type"].fillna("none"))
    counts = attr.groupby(["outlet", "source_type"]).size().unstack(fill_value=0)
    return counts.reindex(columns=[t for t in SOURCE_TYPES if t in counts.columns])


def warnings_table(notes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    warn = notes[notes["severity"] == "warning"].merge(articles[["doc_id", "outlet", "title"]], on="doc_id", how="left")
    return warn.assign(outlet=warn["outlet"].fillna(UNKNOWN))


def evidence_text(raw: str) -> str:
    """A note's evidence in one line: the words at stake, facts with their sources, rules."""
    items = []
    for item in json.loads(raw or "[]"):
        kind = item.get("type")
        if kind in ("text", "span"):
            items.append(f"“{item.get('text', '')}”" + (f" ({item['role']})" if item.get("role") else ""))
        elif kind == "fact":
            items.append(f"{item.get('text', '')} [source: {item.get('source', '?')}]")
        elif item.get("text"):
            items.append(f"{kind}: {item['text']}")
    return "; ".join(items)


# -- figures ------------------------------------------------------------------------------------


def _figures(by_outlet: pd.DataFrame, shares: pd.DataFrame, top: pd.DataFrame) -> dict[str, tuple[str, bytes]]:
    """{name: (caption, PNG bytes)}; drawn offline with matplotlib's Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.patches
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    plt.rcParams.update({"font.size": 10, "axes.spines.top": False, "axes.spines.right": False})
    out = {}
    outlets = by_outlet.index.tolist()[:20]
    if outlets:
        rows = by_outlet.loc[outlets]
        fig, ax = plt.subplots(figsize=(9, 0.75 * len(outlets) + 1.6))
        height = 0.8 / len(RATES)
        for i, (column, (label, _)) in enumerate(RATES.items()):
            positions = [k + i * height for k in range(len(outlets))]
            ax.barh(positions, rows[column].fillna(0), height=height, color=COLOURS[i], label=label)
        labels = [f"{_short(o)}\n{int(rows.loc[o, 'articles']):,} articles" for o in outlets]
        ax.set_yticks([k + 0.4 - height / 2 for k in range(len(outlets))], labels)
        ax.invert_yaxis()
        ax.set_xlabel("notes per 1,000 words of the outlet's articles (longer bar: more to check)")
        ax.legend(loc="lower right", frameon=False)
        ax.set_title("Sourcing notes by outlet")
        out["outlets"] = (f"Sourcing notes per 1,000 words, by outlet{' (the 20 with most articles)' if len(by_outlet) > 20 else ''}: "
                          "the engine's caution notes, counted in each outlet's articles and divided by their words; "
                          "the table below has the figures.", _png(fig))  # fmt: skip
    if not shares.empty:
        shares = shares.reindex(outlets).dropna(how="all")
        fig, ax = plt.subplots(figsize=(9, 0.45 * len(shares) + 1.8))
        left = pd.Series(0.0, index=shares.index)
        for column in shares.columns:
            ax.barh([_short(o) for o in shares.index], shares[column], left=left,
                    color=COLOURS[SOURCE_TYPES.index(column)], label=TYPE_LABELS.get(column, column))  # fmt: skip
            left += shares[column]
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False)
        ax.set_title("Who the attributions name, by outlet (share of each outlet's attributions)")
        out["source_types"] = ("Attributions by the type of their source. Named people, organisations and documents "
                               "can be looked up; a pronoun (“he said”) names whoever the article named before; "
                               "anonymous (“an official who asked not to be named”) and vague (“experts say”) "
                               "sources cannot be checked; none: no source found (mostly quotations whose "
                               "speaker the engine could not tell). The table below has the figures.", _png(fig))  # fmt: skip
    if not top.empty:
        shown = top.head(15)
        fig, ax = plt.subplots(figsize=(9, 0.38 * len(shown) + 1.4))
        ax.barh([_short(s, 40) for s in shown["speaker"]], shown["quotes"],
                color=[COLOURS[0] if t == "person" else COLOURS[1] for t in shown["type"]])  # fmt: skip
        ax.invert_yaxis()
        ax.set_xlabel("attributions naming them")
        kinds = [matplotlib.patches.Patch(color=COLOURS[0], label="person"),
                 matplotlib.patches.Patch(color=COLOURS[1], label="organisation")]  # fmt: skip
        ax.legend(handles=kinds, loc="lower right", frameon=False)
        ax.set_title("Most-quoted sources")
        out["speakers"] = ("The most-quoted people and organisations, by the attributions naming them (“he said” "
                           "counts for the person named before). A surname alone counts for the full name the same "
                           "article writes; “(surname only)” when the article does not say which of several.",
                           _png(fig))  # fmt: skip
    plt.close("all")
    return out


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _short(text: str, width: int = 32) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- the report -----------------------------------------------------------------------------------


def _rate(value) -> str:
    return "–" if pd.isna(value) else f"{value:.2f}"


def _share(value) -> str:
    return "–" if pd.isna(value) else f"{value:.0%}"


def _sourcing_rows(table: pd.DataFrame) -> list[list[str]]:
    return [[str(name), f"{int(r.articles):,}", f"{int(r.words):,}", _rate(r.unsourced_per_1k), _rate(r.vague_per_1k),
             _rate(r.anonymous_per_1k), _rate(r.unattributed_per_1k), _share(r.named_share), f"{int(r.warnings):,}"]
            for name, r in table.iterrows()]  # fmt: skip


SOURCING_HEAD = ["", "articles", "words", "statistics without a source /1k words", "vague sources /1k",
                 "anonymous sources /1k", "unattributed quotes /1k", "attributions with a named source", "warnings"]  # fmt: skip


def build_report(out: Path, run: dict | None = None) -> dict[str, Path]:
    """Write report.html, report.md and figures/*.png into ``out``; returns their paths."""
    out = Path(out)
    t = load_tables(out)
    articles, spans, notes = t["articles"], t["spans"], t["notes"]
    ok = articles[articles["status"] == "ok"]
    by_outlet = sourcing_by(articles, "outlet")
    by_author = sourcing_by(articles, "author")
    by_author = by_author[(by_author.index != UNKNOWN) & (by_author["articles"] >= MIN_AUTHOR_ARTICLES)].head(MAX_AUTHORS)
    top = speakers(spans, articles)
    counts = source_type_counts(spans, articles)
    counts = counts.reindex([o for o in by_outlet.index if o in counts.index])  # the outlets' order
    shares = counts.div(counts.sum(axis=1), axis=0)
    warn = warnings_table(notes, articles)
    errors = articles[articles["status"] == "error"]
    figures = _figures(by_outlet, shares, top)
    words = int(ok["words"].sum())

    overview = [
        ["documents", f"{len(articles):,}"], ["analysed", f"{len(ok):,}"], ["errors", f"{len(errors):,}"],
        ["words analysed", f"{words:,}"], ["outlets", f"{ok['outlet'].nunique():,}"],
        ["authors", f"{ok['author'].nunique():,}"],
        ["statistics worth sourcing", f"{int(ok['statistics_needing_source'].sum()):,}"],
        ["... without a source", f"{int(ok['unsourced_statistics'].sum()):,} "
         f"({_rate(ok['unsourced_statistics'].sum() / words * 1000 if words else float('nan'))} per 1,000 words)"],
        ["attributions", f"{int(ok['attributions'].sum()):,} ({_share(ok['attributions_named'].sum() / ok['attributions'].sum() if ok['attributions'].sum() else float('nan'))} with a named source)"],
        ["warnings (probably wrong)", f"{len(warn):,}"],
    ]  # fmt: skip
    if run and run.get("words_per_s"):
        overview.append(["speed of the last run", f"{run['words_per_s']:,.0f} words/s on {run.get('workers', '?')} worker(s)"])
    warn_rows = [[r.outlet, _short(str(r.title or r.doc_id), 60), r.code, r.span_text or "", r.message, evidence_text(r.evidence)]
                 for r in warn.head(MAX_WARNINGS).itertuples()]  # fmt: skip
    speaker_rows = [[r.speaker, r.type, f"{r.quotes:,}", f"{r.articles:,}", f"{r.outlets:,}"] for r in top.itertuples()]
    error_counts = errors.groupby("error_code").agg(documents=("doc_id", "count"), example=("doc_id", "first"),
                                                    message=("error_message", "first"))  # fmt: skip
    error_rows = [[code, f"{r.documents:,}", r.example, r.message] for code, r in error_counts.iterrows()]

    sections = [
        ("Overview", None, (["", ""], overview)),
        ("Sourcing by outlet", "outlets", (SOURCING_HEAD, _sourcing_rows(by_outlet))),
        ("Who the attributions name", "source_types", (["", "attributions", *shares.columns],
         [[o, f"{int(counts.loc[o].sum()):,}", *(_share(v) for v in shares.loc[o])] for o in shares.index])),
        (f"Sourcing by author (at most {MAX_AUTHORS}, with {MIN_AUTHOR_ARTICLES} articles or more)", None, (SOURCING_HEAD, _sourcing_rows(by_author))),
        ("Most-quoted sources", "speakers", (["source", "type", "attributions", "articles", "outlets"], speaker_rows)),
        (f"Warnings, with their evidence ({len(warn):,}" + (f"; the first {MAX_WARNINGS}" if len(warn) > MAX_WARNINGS else "") + ")",
         None, (["outlet", "article", "note", "words", "message", "evidence"], warn_rows)),
        ("Documents not analysed", None, (["error", "documents", "for example", "message"], error_rows)),
    ]  # fmt: skip
    (out / "figures").mkdir(exist_ok=True)
    for name, (_, png) in figures.items():
        (out / "figures" / f"{name}.png").write_bytes(png)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    paths = {"html": out / "report.html", "md": out / "report.md"}
    paths["html"].write_text(_html(sections, figures, stamp), encoding="utf-8")
    paths["md"].write_text(_markdown(sections, figures, stamp), encoding="utf-8")
    return paths


METHOD = ("Rates are per 1,000 words of the articles analysed. <b>Statistics without a source</b>: figures about the "
          "world (rates, shares, totals, changes, survey results, public money) with no source in their sentence, "
          "paragraph or the sentences around them (the SOURCE_MISSING note on a statistic). <b>Vague</b> and "
          "<b>anonymous</b> sources: the SOURCE_VAGUE and SOURCE_ANONYMOUS notes ('experts say'; 'an official who "
          "asked not to be named'). <b>Unattributed quotes</b>: QUOTE_UNATTRIBUTED. <b>Warnings</b>: notes that say "
          "something is probably wrong (a contradiction with the knowledge base, an anachronism, inconsistent dates "
          "or numbers). These are the engine's notes, not a journalist's verdict: read the examples before "
          "drawing a conclusion about an outlet.")  # fmt: skip


def _html(sections, figures, stamp: str) -> str:
    parts = [f"<h1>claimflags audit: sourcing by outlet and author</h1><p class=meta>claimflags {__version__}, {stamp}</p>",
             f"<p class=method>{METHOD}</p>"]  # fmt: skip
    for title, figure, table in sections:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if figure in figures:
            caption, png = figures[figure]
            data = base64.b64encode(png).decode("ascii")
            parts.append(f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
                         f"<figcaption>{html.escape(caption)}</figcaption></figure>")  # fmt: skip
        if table is not None:
            head, rows = table
            if not rows:
                parts.append("<p>None.</p>")
                continue
            cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
            thead = f"<thead><tr>{cells}</tr></thead>" if any(head) else ""
            body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
            parts.append(f"<table>{thead}<tbody>{body}</tbody></table>")
    style = ("body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
             "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}th,td{border-bottom:1px solid #ddd;"
             "padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}td:not(:first-child){max-width:28em}"
             "figure{margin:1em 0}img{max-width:100%}figcaption,.meta{color:#555;font-size:13px}.method{font-size:14px}")  # fmt: skip
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>claimflags audit</title>"
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>\n")  # fmt: skip


def _markdown(sections, figures, stamp: str) -> str:
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["# claimflags audit: sourcing by outlet and author", "", f"claimflags {__version__}, {stamp}", "",
             METHOD.replace("<b>", "**").replace("</b>", "**"), ""]  # fmt: skip
    for title, figure, table in sections:
        lines += [f"## {title}", ""]
        if figure in figures:
            lines += [f"![{figures[figure][0]}](figures/{figure}.png)", ""]
        if table is not None:
            head, rows = table
            if not rows:
                lines += ["None.", ""]
                continue
            lines.append("| " + " | ".join(cell(h) for h in head) + " |")
            lines.append("|" + " --- |" * len(head))
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines)
