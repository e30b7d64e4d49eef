"""``claimflags eval --task checks``: the verification checks on the corpus generated from the
knowledge base (evaluate/checks_corpus.py), per surface form.

For every form: how many wrong sentences were caught (a warning with one of the case's codes)
and how many right ones got a warning of any kind (a false alarm). Nothing is asserted here;
tests/test_checks_generated.py asserts the targets on a bounded, seeded subset.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from .checks_corpus import SEED, Case, generate

TARGET_RECALL = 0.95
TARGET_FALSE_ALARMS = 0.005


def warning_codes(result: dict) -> set[str]:
    notes = [n for s in result["spans"] for n in s["notes"]] + list(result["document_notes"])
    return {n["code"] for n in notes if n["severity"] == "warning"}


def score(analyzer, cases: Iterable[Case]) -> dict:
    """Run every case through the engine; per (family, form): wrong caught / wrong, right alarmed / right,
    with the misses and false alarms listed."""
    stats: dict[tuple[str, str], dict] = defaultdict(lambda: {"wrong": 0, "caught": 0, "right": 0, "alarms": 0, "near": 0,
                                                               "near_caught": 0, "missed": [], "false_alarms": []})  # fmt: skip
    by_time: dict[str, dict] = defaultdict(lambda: {"wrong": 0, "caught": 0, "right": 0, "alarms": 0})
    for case in cases:
        fields = {"published": case.published} if case.published else {}
        codes = warning_codes(analyzer.analyze_text(case.text, **fields))
        s = stats[(case.family, case.form)]
        t = by_time[case.time] if case.family == "office" else None
        if case.wrong and case.band == "near":
            s["near"] += 1
            s["near_caught"] += bool(codes & set(case.codes))
        elif case.wrong:
            hit = bool(codes & set(case.codes))
            s["wrong"] += 1
            s["caught"] += hit
            if not hit:
                s["missed"].append(case)
            if t is not None:
                t["wrong"] += 1
                t["caught"] += hit
        else:
            s["right"] += 1
            s["alarms"] += bool(codes)
            if codes:
                s["false_alarms"].append((case, sorted(codes)))
            if t is not None:
                t["right"] += 1
                t["alarms"] += bool(codes)
    return {"forms": dict(stats), "times": dict(by_time)}


def totals(forms: dict) -> dict:
    out = {"wrong": 0, "caught": 0, "right": 0, "alarms": 0}
    for s in forms.values():
        for key in out:
            out[key] += s[key]
    return out


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}%" if d else "–"


def report(scored: dict, seconds: float, n_cases: int) -> str:
    forms = scored["forms"]
    lines = [f"Verification checks on the generated corpus (seed {SEED}): {n_cases} sentences in {seconds:.0f} s",
             "", "| family | form | wrong | caught | right | false alarms |", "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for (family, form), s in sorted(forms.items()):
        caught = f"{s['caught']} ({_pct(s['caught'], s['wrong'])})" if s["wrong"] else "–"
        lines.append(f"| {family} | {form} | {s['wrong'] or '–'} | {caught} | {s['right']} | {s['alarms']} ({_pct(s['alarms'], s['right'])}) |")
    for family in sorted({f for f, _ in forms}):
        t = totals({k: v for k, v in forms.items() if k[0] == family})
        lines.append(f"| **{family}** | **all** | {t['wrong']} | **{_pct(t['caught'], t['wrong'])}** | {t['right']} | **{_pct(t['alarms'], t['right'])}** |")
    t = totals(forms)
    lines.append(f"| **all** | | {t['wrong']} | **{t['caught']} ({_pct(t['caught'], t['wrong'])})** | {t['right']} | "
                 f"**{t['alarms']} ({_pct(t['alarms'], t['right'])})** |")  # fmt: skip
    lines += ["", "Office cases by how the time is written:", "", "| time | wrong | caught | right | false alarms |", "| --- | --- | --- | --- | --- |"]
    for name, s in sorted(scored["times"].items()):
        lines.append(f"| {name} | {s['wrong']} | {_pct(s['caught'], s['wrong'])} | {s['right']} | {_pct(s['alarms'], s['right'])} |")
    near = sum(s["near"] for s in forms.values())
    near_caught = sum(s["near_caught"] for s in forms.values())
    if near:
        lines += ["", f"Near misses (6-12 months outside a term; by design the office checks need a year): "
                      f"{near_caught} of {near} caught ({_pct(near_caught, near)})."]  # fmt: skip
    lines += ["", f"Targets: >= {TARGET_RECALL:.0%} of wrong caught, <= {TARGET_FALSE_ALARMS:.1%} false alarms on right."]
    return "\n".join(lines)


def listing(scored: dict, limit: int = 8) -> str:
    """A few misses and every false alarm per form, for reading."""
    out = []
    for (family, form), s in sorted(scored["forms"].items()):
        for case in s["missed"][:limit]:
            out.append(f"MISSED   [{family} / {form} / {case.time}] {case.text}  (published {case.published}; {case.about})")
        for case, codes in s["false_alarms"]:
            out.append(f"FALSE    [{family} / {form} / {case.time}] {case.text}  (published {case.published}; {case.about}) {codes}")
    return "\n".join(out)


def run(analyzer, data_dir=None, echo: Callable[[str], None] = print, verbose: bool = False) -> dict:
    from ..kb import get_kb

    cases = generate(get_kb())
    echo(f"checks: {len(cases)} generated sentences through the engine")
    t0 = time.perf_counter()
    scored = score(analyzer, cases)
    seconds = time.perf_counter() - t0
    text = report(scored, seconds, len(cases))
    if verbose:
        text += "\n\n" + listing(scored)
    forms = {f"{family} / {form}": {k: v for k, v in s.items() if k not in ("missed", "false_alarms")}
             for (family, form), s in scored["forms"].items()}  # fmt: skip
    return {"cases": len(cases), "seconds": round(seconds, 1), "forms": forms, "totals": totals(scored["forms"]), "report": text}
