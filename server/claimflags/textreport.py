"""A readable listing of an analysis, for the terminal (``claimflags analyze --format text``)."""

from __future__ import annotations

import click

KIND_COLOURS = {"claim": "yellow", "statistic": "cyan", "attribution": "magenta"}
SEVERITY_MARKS = {"info": "i", "caution": "!", "warning": "!!"}
SEVERITY_COLOURS = {"info": "blue", "caution": "yellow", "warning": "red"}


def render_text(text: str, result: dict, color: bool = False) -> str:
    """Spans in reading order, each with a little context, the flagged words coloured, and
    the notes under them. Offsets in ``result`` must be code points."""

    def style(s: str, **kw) -> str:
        return click.style(s, **kw) if color else s

    out = []
    counts = result["summary"]["counts"]
    published = result.get("published")
    out.append(
        style(f"claimflags {result['version']}", bold=True)
        + f" - {counts.get('claim', 0)} claims, {counts.get('statistic', 0)} statistics, "
        f"{counts.get('attribution', 0)} attributions"
        + (f"; published {published} ({result['published_source']})" if published else "; publication date unknown")
    )
    for note in result.get("document_notes", []):
        out.append(_note_line(note, style))
    for span in result["spans"]:
        kind = span["kind"]
        head = f"{kind}" + (f" / {span['type']}" if span.get("type") else "")
        if span.get("score") is not None:
            head += f"  score {span['score']:.2f}"
        head += f"  [{span['start']}:{span['end']}]"
        out.append("")
        out.append(style(head, fg=KIND_COLOURS[kind], bold=True))
        before = text[max(0, span["start"] - 40) : span["start"]].replace("\n", " ")
        after = text[span["end"] : span["end"] + 40].replace("\n", " ")
        flagged = span["text"].replace("\n", " ")
        out.append("  …" + before + style(flagged, fg=KIND_COLOURS[kind], underline=True) + after + "…")
        parts = span.get("parts") or {}
        for role in ("source", "cue", "content"):
            part = parts.get(role)
            if part:
                extra = f" ({part['type']})" if part.get("type") else ""
                if part.get("resolved"):
                    extra += f" = {part['resolved']}"
                out.append(f"    {role:<8} {_clip(part['text'])}{extra}")
        for note in span["notes"]:
            out.append(_note_line(note, style))
    if not result["spans"]:
        out.append("")
        out.append("Nothing flagged.")
    return "\n".join(out)


def _note_line(note: dict, style) -> str:
    sev = note["severity"]
    mark = style(f"[{SEVERITY_MARKS[sev]}] {note['code']}", fg=SEVERITY_COLOURS[sev], bold=True)
    line = f"    {mark}: {note['message']}"
    ev = [e for e in note.get("evidence", []) if e.get("text")]
    for e in ev[:4]:
        src = f" ({e['source']})" if e.get("source") else ""
        line += f"\n        - {_clip(e['text'])}{src}"
    return line


def _clip(s: str, n: int = 100) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"
