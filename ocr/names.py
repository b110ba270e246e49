"""Names as ICAO 9303 writes them, and matching the name on a document to the booking's.

A booking says "Hélène Dupré", the passport's zone says DUPRE<<HELENE, a German passport may say
MUELLER for Müller and a French booking MULLER: matching compares every spelling each side could
have, case-, accent- and transliteration-insensitively.
"""

from __future__ import annotations

import re
import unicodedata

# ICAO 9303 part 3 recommended transliterations where the plain accent-stripped letter is not used.
ICAO_TRANSLITERATION = {
    "Ä": "AE",
    "Æ": "AE",
    "Ö": "OE",
    "Ø": "OE",
    "Œ": "OE",
    "Ü": "UE",
    "ß": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ł": "L",
    "Ĳ": "IJ",
    "Å": "AA",
}
# Other spellings a person may give a hotel (the booking was typed by a human, not a passport office).
PLAIN_TRANSLITERATION = {
    "Ä": "A",
    "Ö": "O",
    "Ü": "U",
    "Å": "A",
    "Æ": "AE",
    "Ø": "O",
    "Œ": "OE",
    "ß": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ł": "L",
    "Ĳ": "IJ",
}


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def transliterate(text: str, table: dict[str, str] = ICAO_TRANSLITERATION) -> str:
    upper = (text or "").upper()
    return _strip_accents("".join(table.get(c, c) for c in upper))


def name_keys(text: str) -> set[str]:
    """Every comparable spelling of a name: letters only, upper case, each transliteration."""
    keys = set()
    for table in (ICAO_TRANSLITERATION, PLAIN_TRANSLITERATION):
        keys.add(re.sub(r"[^A-Z]", "", transliterate(text, table)))
    # A zone already transliterated Ä as AE: collapse it too, so MUELLER meets MULLER.
    for key in list(keys):
        keys.add(re.sub(r"(?<=[AOU])E", "", key))
    keys.discard("")
    return keys


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s\-'’.,]+", text or "") if t]


def names_match(
    *, document_first: str, document_middle: str, document_last: str, guest_first: str, guest_last: str
) -> bool:
    """The surname must match (as a whole or word for word: "García Márquez" vs GARCIA<MARQUEZ), and the
    booking's first name must be one of the document's given names (a booking rarely has the middle)."""
    doc_last = name_keys(document_last)
    if not doc_last & name_keys(guest_last):
        return False
    if not guest_first:
        return True
    given = _tokens(f"{document_first} {document_middle}")
    wanted = _tokens(guest_first)
    given_keys = [name_keys(t) for t in given] + [name_keys("".join(given))]
    return all(any(name_keys(w) & keys for keys in given_keys) for w in wanted) or bool(
        name_keys("".join(wanted)) & name_keys("".join(given))
    )
