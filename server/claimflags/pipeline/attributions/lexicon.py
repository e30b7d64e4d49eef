"""The attribution stage's word lists, read once from ``claimflags/lexicons``.

They are data (see lexicons/README.md): the cue words the role tagger gets as a feature and
the rules use, and the lists that type a source (anonymous, vague, document, organisation,
pronoun). Read through this one module so each file is parsed once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("claimflags.lexicons").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _words(name: str) -> set[str]:
    return {w.lower() for w in _lines(name)}


@dataclass(frozen=True)
class Pronoun:
    gender: str  # m, f, n or any
    number: str  # sg, pl or any


@dataclass(frozen=True)
class Lexicons:
    cues: frozenset[str]  # every cue word (the tagger's feature)
    speech_cues: frozenset[str]  # the reporting ones among them
    broad_cues: frozenset[str]  # verbs of inference ("signal", "underscore")
    reporting: frozenset[str]  # speech_cues and speech acts: what makes an attribution a report
    anonymous: tuple[str, ...]
    vague: frozenset[str]
    documents: frozenset[str]
    organizations: frozenset[str]
    person_nouns: frozenset[str]
    pronouns: dict[str, Pronoun]
    given_names: dict[str, str]  # lower-case given name -> "f" or "m"


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    speech, broad = _words("attribution_cues.txt"), _words("attribution_cues_broad.txt")
    stance = _words("attribution_cues_stance.txt")
    pronouns = {}
    for line in _lines("source_pronouns.txt"):
        word, gender, number = line.split("\t")
        pronouns[word] = Pronoun(gender, number)
    return Lexicons(
        cues=frozenset(speech | broad | stance),
        speech_cues=frozenset(speech),
        broad_cues=frozenset(broad),
        reporting=frozenset(speech | _words("attribution_cues_speech_acts.txt")),
        anonymous=tuple(w.lower() for w in _lines("attribution_source_anonymous.txt")),
        vague=frozenset(w.lower() for w in _lines("attribution_source_vague.txt")),
        documents=frozenset(w.lower() for w in _lines("attribution_source_documents.txt")),
        organizations=frozenset(w.lower() for w in _lines("source_organizations.txt")),
        person_nouns=frozenset(w.lower() for w in _lines("source_person_nouns.txt")),
        pronouns=pronouns,
        given_names=dict(line.split("\t") for line in _lines("given_names.tsv")),
    )
