"""The visual inspection zone: labelled fields printed on the document, for documents (or photos)
where no machine-readable zone could be read. Cloud OCR returns the page as lines of text; a value
is on the line after its label (or after a colon on the same line). Best effort by nature: a
document read this way has no check digits, so its confidence is capped and staff look at it.
"""

from __future__ import annotations

import datetime as dt
import re

LABELS = {
    "last_name": ("surname", "nom", "apellidos", "cognome", "name", "last name"),
    "first_name": ("given names", "given name", "prenoms", "prénoms", "first name", "nombres", "vornamen"),
    "document_number": ("document no", "passport no", "document number", "passport number", "no du passeport"),
    "nationality": ("nationality", "nationalite", "nationalité"),
    "date_of_birth": ("date of birth", "date de naissance", "birth date"),
    "expiry_date": ("date of expiry", "expiry date", "date d'expiration", "expires", "valid until"),
    "issue_date": ("date of issue", "issue date", "date de delivrance", "date de délivrance"),
    "sex": ("sex", "sexe"),
}
MONTHS = {
    m: i + 1 for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
}
VIZ_CONFIDENCE_CAP = 0.5


def parse_date(text: str) -> str | None:
    text = text.strip().upper()
    m = re.search(r"(\d{1,2})[ ./-]*([A-Z]{3})[A-Z]*[ ./-]*(\d{4})", text)
    try:
        if m and m.group(2)[:3] in MONTHS:
            return dt.date(int(m.group(3)), MONTHS[m.group(2)[:3]], int(m.group(1))).isoformat()
        m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        m = re.search(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None
    return None


def _label_of(line: str) -> tuple[str, str] | None:
    lowered = line.lower()
    for name, labels in LABELS.items():
        for label in labels:
            # "Surname / Nom", "Surname: DUPRE", "1. Surname"
            if re.match(rf"^\W*(\d+\.\s*)?{re.escape(label)}\b", lowered):
                rest = line.split(":", 1)[1].strip() if ":" in line else ""
                return name, rest
    return None


def parse_visual_zone(text: str) -> dict:
    lines = [x.strip() for x in (text or "").splitlines() if x.strip()]
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        hit = _label_of(line)
        if not hit:
            continue
        name, value = hit
        if not value and i + 1 < len(lines) and not _label_of(lines[i + 1]):
            value = lines[i + 1]
        if value and name not in found:
            found[name] = value
    data: dict = {}
    for name, value in found.items():
        if name in ("date_of_birth", "expiry_date", "issue_date"):
            data[name] = parse_date(value)
        elif name == "sex":
            data[name] = value[:1].upper() if value[:1].upper() in ("M", "F", "X") else None
        elif name == "nationality":
            code = re.sub(r"[^A-Z]", "", value.upper())
            data[name] = code[:3] if len(code) in (1, 3) else None
        elif name == "document_number":
            data[name] = re.sub(r"[^A-Z0-9]", "", value.upper())
        else:
            data[name] = " ".join(part.capitalize() for part in value.split())
    given = (data.get("first_name") or "").split()
    if given:
        data["first_name"], data["middle_name"] = given[0], " ".join(given[1:])
    return data
