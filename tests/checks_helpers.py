"""Helpers shared by the verification-check tests."""


def notes_with(result: dict, code: str) -> list[dict]:
    """Every note with ``code`` in an analyze() result, on spans and on the document."""
    found = [n for s in result["spans"] for n in s["notes"] if n["code"] == code]
    return found + [n for n in result["document_notes"] if n["code"] == code]


def spans_with(result: dict, code: str) -> list[dict]:
    return [s for s in result["spans"] if any(n["code"] == code for n in s["notes"])]


VERIFICATION_CODES = ("KB_CONTRADICTION", "ANACHRONISM", "DATE_INCONSISTENT", "NUMBER_INCONSISTENT", "SPEAKER_UNVERIFIED")


def warnings(result: dict) -> list[dict]:
    return [n for code in VERIFICATION_CODES for n in notes_with(result, code) if n["severity"] != "info"]
