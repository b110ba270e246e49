"""ICAO 9303 machine-readable zones: check digits, parsing (TD1, TD2, TD3, MRV-A/B), finding the
lines in OCR text, building valid zones (fixtures, the mock provider), and check-digit-driven
repair of OCR confusions.

Every provider that returns text (mrz_local, google_vision, azure_vision, the MRZ_CODE of Textract)
goes through `find_mrz_lines` -> `repair_mrz` -> `parse_mrz`, so they all read a zone the same way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

FILLER = "<"
MRZ_CHARSET = re.compile(r"^[A-Z0-9<]+$")
LENGTHS = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}

# What OCR confuses with what, in the OCR-B typeface, for a position that must be a digit / letter.
LETTER_TO_DIGIT = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "U": "0",
    "I": "1",
    "L": "1",
    "T": "1",
    "Z": "2",
    "S": "5",
    "B": "8",
    "G": "6",
    "A": "4",
    "E": "8",
    "C": "0",
    "J": "1",
}
DIGIT_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "4": "A", "7": "T"}
# Alternatives tried in alphanumeric fields (document number, optional data) when a check fails.
ALNUM_ALTERNATIVES = {
    "0": "OD",
    "O": "0DQ9",
    "9": "OY",
    "Y": "9",
    "D": "0O",
    "Q": "0O",
    "1": "ITJ",
    "I": "1LTJ9",
    "L": "I1",
    "U": "J",
    "J": "UI",
    "5": "S",
    "S": "532",
    "3": "S",
    "8": "BE",
    "E": "8",
    "B": "8",
    "2": "ZS",
    "Z": "2",
    "6": "G",
    "G": "6",
    "4": "A",
    "A": "4",
    "7": "T",
    "T": "71I",
    "K": "<",  # the filler, read as a K
}
MAX_ALNUM_CHANGES = 3


class MrzError(ValueError):
    """The text is not a machine-readable zone of a known layout."""


def char_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - 55
    if char == FILLER:
        return 0
    raise MrzError(f"character {char!r} is not allowed in an MRZ")


def check_digit(data: str) -> str:
    """ICAO 9303 check digit: values weighted 7, 3, 1 repeating, summed, modulo 10."""
    weights = (7, 3, 1)
    return str(sum(char_value(c) * weights[i % 3] for i, c in enumerate(data)) % 10)


def _check_ok(data: str, digit: str, *, empty_allowed: bool = False) -> bool:
    if empty_allowed and set(data) <= {FILLER} and digit in (FILLER, "0"):
        return True
    try:
        return digit.isdigit() and check_digit(data) == digit
    except MrzError:
        return False


# --- layouts ---------------------------------------------------------------------------------
# A field is (name, line, start, end, kind); kind: digits | alpha | alnum | sex | name | check.
# A check is (name, [(line, start, end), ...], (line, position), empty_allowed).


@dataclass(frozen=True)
class Layout:
    name: str
    lines: int
    width: int
    fields: tuple
    checks: tuple


def _td3_like(name: str, width: int, composite: bool) -> Layout:
    fields = (
        ("document_code", 0, 0, 2, "alpha"),
        ("issuing_country", 0, 2, 5, "alpha"),
        ("name", 0, 5, width, "name"),
        ("document_number", 1, 0, 9, "alnum"),
        ("document_number_check", 1, 9, 10, "check"),
        ("nationality", 1, 10, 13, "alpha"),
        ("birth_date", 1, 13, 19, "digits"),
        ("birth_date_check", 1, 19, 20, "check"),
        ("sex", 1, 20, 21, "sex"),
        ("expiry_date", 1, 21, 27, "digits"),
        ("expiry_date_check", 1, 27, 28, "check"),
    )
    checks = [
        ("document_number", [(1, 0, 9)], (1, 9), False),
        ("birth_date", [(1, 13, 19)], (1, 19), False),
        ("expiry_date", [(1, 21, 27)], (1, 27), False),
    ]
    if composite and width == 44:
        fields += (
            ("optional_data", 1, 28, 42, "alnum"),
            ("optional_data_check", 1, 42, 43, "check"),
            ("composite_check", 1, 43, 44, "check"),
        )
        checks += [
            ("optional_data", [(1, 28, 42)], (1, 42), True),
            ("composite", [(1, 0, 10), (1, 13, 20), (1, 21, 43)], (1, 43), False),
        ]
    elif composite:
        fields += (("optional_data", 1, 28, 35, "alnum"), ("composite_check", 1, 35, 36, "check"))
        checks += [("composite", [(1, 0, 10), (1, 13, 20), (1, 21, 35)], (1, 35), False)]
    else:
        fields += (("optional_data", 1, 28, width, "alnum"),)
    return Layout(name, 2, width, fields, tuple(checks))


TD1 = Layout(
    "TD1",
    3,
    30,
    (
        ("document_code", 0, 0, 2, "alpha"),
        ("issuing_country", 0, 2, 5, "alpha"),
        ("document_number", 0, 5, 14, "alnum"),
        ("document_number_check", 0, 14, 15, "check"),
        ("optional_data", 0, 15, 30, "alnum"),
        ("birth_date", 1, 0, 6, "digits"),
        ("birth_date_check", 1, 6, 7, "check"),
        ("sex", 1, 7, 8, "sex"),
        ("expiry_date", 1, 8, 14, "digits"),
        ("expiry_date_check", 1, 14, 15, "check"),
        ("nationality", 1, 15, 18, "alpha"),
        ("optional_data_2", 1, 18, 29, "alnum"),
        ("composite_check", 1, 29, 30, "check"),
        ("name", 2, 0, 30, "name"),
    ),
    (
        ("document_number", [(0, 5, 14)], (0, 14), False),
        ("birth_date", [(1, 0, 6)], (1, 6), False),
        ("expiry_date", [(1, 8, 14)], (1, 14), False),
        ("composite", [(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)], (1, 29), False),
    ),
)
TD2 = _td3_like("TD2", 36, composite=True)
TD3 = _td3_like("TD3", 44, composite=True)
MRVA = _td3_like("MRVA", 44, composite=False)
MRVB = _td3_like("MRVB", 36, composite=False)


DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = LETTERS + DIGITS + FILLER
# The characters each kind of field may hold: what a reader may choose from for a cell.
KIND_ALPHABETS = {
    "digits": DIGITS,
    "check": DIGITS,
    "alpha": LETTERS + FILLER,
    "name": LETTERS + FILLER,
    "sex": "MFX" + FILLER,
    "alnum": ALNUM,
}


def position_alphabets(count: int, width: int) -> list[list[str]]:
    """For each line of a zone of `count` lines of `width`, the characters each position may hold
    (dates and check digits are digits, country codes and names letters, sex M/F/X/<). Unknown
    shapes allow everything. TD3's optional-data check may be `<` when there is no data; a TD1
    number over 9 characters puts `<` in its check position and digits in the optional data, so
    those stay alphanumeric."""
    layout = {(3, 30): TD1, (2, 36): TD2, (2, 44): TD3}.get((count, width))
    out = [[ALNUM] * width for _ in range(count)]
    if layout is None:
        return out
    for name, line, start, end, kind in layout.fields:
        alphabet = KIND_ALPHABETS[kind]
        if name == "optional_data_check" or (layout is TD1 and name == "document_number_check"):
            alphabet = DIGITS + FILLER
        for position in range(start, end):
            out[line][position] = alphabet
    return out


def layout_for(lines: list[str]) -> Layout:
    count, width = len(lines), {len(x) for x in lines}
    if len(width) != 1:
        raise MrzError("MRZ lines have different lengths")
    width = width.pop()
    visa = lines[0][:1] == "V"
    if count == 3 and width == 30:
        return TD1
    if count == 2 and width == 44:
        return MRVA if visa else TD3
    if count == 2 and width == 36:
        return MRVB if visa else TD2
    raise MrzError(f"{count} line(s) of {width} characters is not an ICAO 9303 layout")


def _span(lines, line, start, end) -> str:
    return lines[line][start:end]


def _td1_long_number(lines) -> tuple[str, str] | None:
    """TD1 numbers over 9 characters: position 15 is `<`, the rest and its check digit follow."""
    if lines[0][14] != FILLER or lines[0][15] == FILLER:
        return None
    tail = lines[0][15:30].split(FILLER, 1)[0]
    if len(tail) < 2:
        return None
    return lines[0][5:14] + tail[:-1], tail[-1]


@dataclass
class MrzResult:
    layout: str
    lines: list[str]
    raw: dict[str, str]
    checks: dict[str, bool] = field(default_factory=dict)
    corrections: list[dict] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(self.checks.values())

    @property
    def failed_checks(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]


def run_checks(layout: Layout, lines: list[str]) -> dict[str, bool]:
    results = {}
    for name, spans, (line, pos), empty_allowed in layout.checks:
        data = "".join(_span(lines, *s) for s in spans)
        digit = lines[line][pos]
        if layout is TD1 and name == "document_number":
            long = _td1_long_number(lines)
            if long:
                data, digit = long
        results[name] = _check_ok(data, digit, empty_allowed=empty_allowed)
    return results


def parse_mrz(lines: list[str]) -> MrzResult:
    lines = [normalize_line(x) for x in lines]
    for line in lines:
        if not MRZ_CHARSET.match(line):
            raise MrzError("MRZ lines may hold only A-Z, 0-9 and <")
    layout = layout_for(lines)
    raw = {name: _span(lines, ln, a, b) for name, ln, a, b, _ in layout.fields}
    if layout is TD1:
        long = _td1_long_number(lines)
        if long:
            raw["document_number"], raw["document_number_check"] = long
    return MrzResult(layout=layout.name, lines=lines, raw=raw, checks=run_checks(layout, lines))


# --- from raw fields to the extracted-data shape ---------------------------------------------


def parse_date(value: str, *, kind: str, today: dt.date | None = None) -> dt.date | None:
    """YYMMDD to a date. Birth dates pivot on today (a future year means the 1900s); expiry dates
    are 20YY unless that is more than 50 years ahead."""
    if not re.fullmatch(r"\d{6}", value or ""):
        return None
    today = today or dt.date.today()
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:6])
    century = 2000
    if kind == "birth" and 2000 + yy > today.year:
        century = 1900
    if kind == "expiry" and 2000 + yy > today.year + 50:
        century = 1900
    try:
        return dt.date(century + yy, mm, dd)
    except ValueError:
        return None


def split_name(value: str) -> tuple[str, list[str]]:
    value = value.rstrip(FILLER)
    surname, _, given = value.partition("<<")
    surname = surname.replace(FILLER, " ").strip()
    names = [n for n in given.replace("<<", "<").split(FILLER) if n]
    return surname, names


def _display(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split())


DOCUMENT_TYPES = {"P": "passport", "V": "visa", "I": "id_card", "A": "id_card", "C": "id_card"}


def document_type_from_code(code: str) -> str:
    if code[:2] in ("IR", "AR", "CR", "RP"):
        return "residence_permit"
    return DOCUMENT_TYPES.get(code[:1], "id_card")


def to_extracted(result: MrzResult, *, today: dt.date | None = None) -> dict:
    """The extracted-data fields an MRZ carries (no issue date: the zone has none)."""
    raw = result.raw
    surname, given = split_name(raw["name"])
    number = raw["document_number"].replace(FILLER, "")
    if result.layout == "TD1" and not _td1_long_number(result.lines):
        number = raw["document_number"].rstrip(FILLER)
    sex = raw["sex"] if raw["sex"] in ("M", "F") else "X"
    birth = parse_date(raw["birth_date"], kind="birth", today=today)
    expiry = parse_date(raw["expiry_date"], kind="expiry", today=today)
    optional = (raw.get("optional_data", "") + raw.get("optional_data_2", "")).replace(FILLER, " ").split()
    return {
        "document_type": document_type_from_code(raw["document_code"]),
        "document_code": raw["document_code"].rstrip(FILLER),
        "document_number": number,
        "first_name": _display(given[0]) if given else "",
        "middle_name": _display(" ".join(given[1:])),
        "last_name": _display(surname),
        "date_of_birth": birth.isoformat() if birth else None,
        "nationality": raw["nationality"].replace(FILLER, ""),
        "sex": sex,
        "issue_date": None,
        "expiry_date": expiry.isoformat() if expiry else None,
        "issuing_country": raw["issuing_country"].replace(FILLER, ""),
        "personal_number": " ".join(optional),
        "mrz_lines": list(result.lines),
        "mrz_format": result.layout,
    }


# --- finding the zone in OCR text --------------------------------------------------------------

_CHEVRONS = str.maketrans({"«": "<<", "‹": "<", "〈": "<", "＜": "<", "≪": "<<", "{": "<", "(": "<", "[": "<"})


def normalize_line(line: str) -> str:
    return re.sub(r"\s+", "", (line or "").upper().translate(_CHEVRONS))


def _fit(line: str, width: int) -> str | None:
    """A line OCR made a character or two short or long at its filler end, brought to width."""
    if len(line) == width:
        return line
    if width - 2 <= len(line) < width and line.endswith(FILLER):
        return line + FILLER * (width - len(line))
    if width < len(line) <= width + 2 and line[width:].strip(FILLER) == "":
        return line[:width]
    return None


def find_mrz_lines(text: str) -> list[str] | None:
    """The MRZ lines in a block of OCR text (last matching group wins: the zone is at the bottom)."""
    candidates = [normalize_line(x) for x in (text or "").splitlines()]
    candidates = [x for x in candidates if len(x) >= 26 and MRZ_CHARSET.match(x)]
    found = None
    for count, width in (LENGTHS["TD3"], LENGTHS["TD2"], LENGTHS["TD1"]):
        for i in range(len(candidates) - count + 1):
            group = [_fit(x, width) for x in candidates[i : i + count]]
            if all(group) and FILLER in "".join(group) and group[0][0] in "PVIACR":
                found = group
        if found:
            return found
    return None


# --- repair --------------------------------------------------------------------------------------


def _coerce(text: str, kind: str) -> str:
    if kind in ("digits", "check"):
        return "".join(LETTER_TO_DIGIT.get(c, c) for c in text)
    if kind == "alpha":
        return "".join(DIGIT_TO_LETTER.get(c, c) for c in text)
    if kind == "sex":
        return text if text in ("M", "F", FILLER, "X") else {"H": "M", "N": "M", "P": "F", "E": "F"}.get(text, text)
    if kind == "name":
        return _clean_name(text)
    return text


def _clean_name(text: str) -> str:
    """Filler read as K (or other letters) in the name zone: a run of fillers with stray K/C/E in it
    at the end of the field is all filler."""
    text = "".join(DIGIT_TO_LETTER.get(c, c) for c in text)
    match = re.search(r"<[<KCEL]*$", text)
    if match and match.group().count(FILLER) >= max(2, len(match.group()) // 2):
        text = text[: match.start()] + FILLER * len(match.group())
    return re.sub(r"(?<=<)K(?=<)", FILLER, text)


def _set(lines: list[str], line: int, start: int, value: str) -> list[str]:
    lines = list(lines)
    lines[line] = lines[line][:start] + value + lines[line][start + len(value) :]
    return lines


# Alternatives of one position: (character, cost). Costs add up over a repair; the cheapest
# repair that satisfies every check digit wins, if no other comes close.
Alternatives = list[list[list[tuple[str, float]]]]
STATIC_COST = 1.0  # a confusion from the table: every change counts the same
CHANGE_COST = 0.005  # added to each change read from pixels, so that fewer changes win a tie
REPAIR_MARGIN = 0.02  # the runner-up must cost this much more, or we do not guess
MAX_PER_POSITION = 3  # alternatives tried per position (the cheapest)
MAX_PER_FIELD = 6  # candidate values kept per field (the cheapest)


def _position_alternatives(kind: str, char: str, scored: list[tuple[str, float]] | None) -> list[tuple[str, float]]:
    """What a position may have been instead of `char`: the glyphs that fit its pixels nearly as
    well (`scored`, from a reader that kept them), limited to the field's alphabet; otherwise, for
    alphanumeric fields only, the confusion table (a text-only provider gives no per-character
    evidence, and a digit in a date is not swapped for another on a table's say-so)."""
    allowed = KIND_ALPHABETS[kind]
    if scored is not None:
        found = [(c, cost + CHANGE_COST) for c, cost in scored if c in allowed and c != char]
        return found[:MAX_PER_POSITION]
    if kind != "alnum":
        return []
    return [(c, STATIC_COST) for c in ALNUM_ALTERNATIVES.get(char, "") if c in allowed]


def _field_candidates(value: str, options: list[list[tuple[str, float]]], data_ok, *, max_changes: int):
    """(cost, variant) of `value` with up to `max_changes` substitutions from `options` (per
    position) for which `data_ok` holds (every variant when it is None), cheapest first."""
    positions = [i for i, alts in enumerate(options) if alts]
    found = []
    for changes in range(1, max_changes + 1):
        for chosen in itertools.combinations(positions, changes):
            for subs in itertools.product(*(options[i] for i in chosen)):
                candidate = list(value)
                for i, (c, _cost) in zip(chosen, subs, strict=True):
                    candidate[i] = c
                candidate = "".join(candidate)
                if data_ok is None or data_ok(candidate):
                    found.append((sum(cost for _c, cost in subs), candidate))
    found.sort(key=lambda item: item[0])
    return found[:MAX_PER_FIELD]


def repair_mrz(lines: list[str], alternatives: Alternatives | None = None) -> MrzResult:
    """Coerce each field to its kind, then, where check digits fail, try what each position may
    have been instead: the reader's own runners-up with their costs (`alternatives`, one list per
    position of each line, as `mrz_cells.CellReading` gives them) or the OCR confusion table. The
    composite check decides among the fields' candidates. Every change is recorded."""
    lines = [normalize_line(x) for x in lines]
    layout = layout_for(lines)
    original = list(lines)
    for _name, ln, a, b, kind in layout.fields:
        lines = _set(lines, ln, a, _coerce(lines[ln][a:b], kind))
    result = parse_mrz(lines)
    if not result.valid:
        lines = _repair_fields(layout, lines, alternatives)
        result = parse_mrz(lines)
    result.corrections = [
        {"line": i + 1, "position": p + 1, "read": o, "corrected": n}
        for i, (before, after) in enumerate(zip(original, result.lines, strict=True))
        for p, (o, n) in enumerate(zip(before, after, strict=True))
        if o != n
    ]
    return result


def _repair_fields(layout: Layout, lines: list[str], alternatives: Alternatives | None) -> list[str]:
    """Candidates for each data field: a field whose own check digit fails gets the cheapest
    variants that satisfy it, a field only the composite covers its cheapest variants (up to two
    changes). The cheapest combination that satisfies every check wins, unless another comes within
    REPAIR_MARGIN: then we do not guess. Check digits themselves are never changed, so a zone whose
    data was altered after issue stays invalid."""
    checks = {name: (pos, empty) for name, _spans, pos, empty in layout.checks}
    options: list[tuple[int, int, list[tuple[float, str]]]] = []  # (line, start, [(cost, value)])
    for name, ln, a, b, kind in layout.fields:
        if kind not in ("alnum", "digits"):
            continue
        value = lines[ln][a:b]
        scored = alternatives[ln] if alternatives and ln < len(alternatives) else None
        per_position = [
            _position_alternatives(kind, c, scored[a + i] if scored and a + i < len(scored) else None)
            for i, c in enumerate(value)
        ]
        if name in checks:
            (pl, pp), empty = checks[name]
            digit = lines[pl][pp]
            if _check_ok(value, digit, empty_allowed=empty):
                options.append((ln, a, [(0.0, value)]))
                continue
            found = _field_candidates(
                value,
                per_position,
                lambda v, d=digit, e=empty: _check_ok(v, d, empty_allowed=e),
                max_changes=MAX_ALNUM_CHANGES,
            )
            if not found:
                return lines  # a field no confusion explains: leave it to the validation to report
            options.append((ln, a, found))
        elif "composite" in checks and kind == "alnum":
            options.append((ln, a, [(0.0, value), *_field_candidates(value, per_position, None, max_changes=2)]))
    valid: list[tuple[float, list[str]]] = []
    for combo in itertools.product(*(values for _, _, values in options)):
        trial = lines
        for (ln, a, _), (_cost, value) in zip(options, combo, strict=True):
            trial = _set(trial, ln, a, value)
        if all(run_checks(layout, trial).values()):
            valid.append((sum(cost for cost, _ in combo), trial))
    if not valid:
        return lines
    valid.sort(key=lambda item: item[0])
    if len(valid) > 1 and valid[1][0] - valid[0][0] < REPAIR_MARGIN:
        return lines  # two different repairs fit about as well: do not guess
    return valid[0][1]


# --- building (fixtures, the mock provider) ---------------------------------------------------


def _pad(value: str, width: int) -> str:
    value = value[:width]
    return value + FILLER * (width - len(value))


def mrz_name(surname: str, given_names: str, width: int) -> str:
    from .names import transliterate

    surname = re.sub(r"[^A-Z]+", FILLER, transliterate(surname).upper()).strip(FILLER)
    given = re.sub(r"[^A-Z]+", FILLER, transliterate(given_names).upper()).strip(FILLER)
    return _pad(f"{surname}<<{given}", width)


def _with_check(value: str) -> str:
    return value + check_digit(value)


def _build_two_lines(
    width: int,
    *,
    document_code,
    issuing_country,
    surname,
    given_names,
    document_number,
    nationality,
    birth_date: dt.date,
    sex,
    expiry_date: dt.date,
    optional_data="",
) -> list[str]:
    """TD3 (44) and TD2 (36): the same fields, a longer name and optional data on the passport."""
    line1 = _pad(document_code, 2) + _pad(issuing_country, 3) + mrz_name(surname, given_names, width - 5)
    optional = _pad(optional_data, 14 if width == 44 else 7)
    if width == 44:  # TD3's optional data has its own check digit, `<` when there is no data
        optional += check_digit(optional) if optional_data else FILLER
    line2 = (
        _with_check(_pad(document_number, 9))
        + _pad(nationality, 3)
        + _with_check(birth_date.strftime("%y%m%d"))
        + (sex or FILLER)
        + _with_check(expiry_date.strftime("%y%m%d"))
        + optional
    )
    composite = line2[0:10] + line2[13:20] + line2[21 : width - 1]
    return [line1, line2 + check_digit(composite)]


def build_td3(*, document_code="P", **fields) -> list[str]:
    return _build_two_lines(44, document_code=document_code, **fields)


def build_td2(*, document_code="I", **fields) -> list[str]:
    return _build_two_lines(36, document_code=document_code, **fields)


def build_td1(
    *,
    document_code="I",
    issuing_country,
    surname,
    given_names,
    document_number,
    nationality,
    birth_date: dt.date,
    sex,
    expiry_date: dt.date,
    optional_data="",
    optional_data_2="",
) -> list[str]:
    line1 = _pad(document_code, 2) + _pad(issuing_country, 3) + _with_check(_pad(document_number, 9))
    line1 += _pad(optional_data, 15)
    line2 = (
        _with_check(birth_date.strftime("%y%m%d"))
        + (sex or FILLER)
        + _with_check(expiry_date.strftime("%y%m%d"))
        + _pad(nationality, 3)
        + _pad(optional_data_2, 11)
    )
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    return [line1, line2 + check_digit(composite), mrz_name(surname, given_names, 30)]
