"""ICAO 9303 check digits, the three layouts, finding zones in text, and repair of OCR confusions."""

import datetime as dt

import pytest

from fixtures import specimens
from ocr import mrz

# ICAO 9303 part 4/5 specimens (Utopia, ERIKSSON ANNA MARIA).
TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]


@pytest.mark.parametrize(
    "data, digit",
    [("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("ZE184226B<<<<<", "1"), ("D23145890", "7")],
)
def test_check_digits_of_the_specimens(data, digit):
    assert mrz.check_digit(data) == digit


@pytest.mark.parametrize("lines, layout", [(TD3, "TD3"), (TD1, "TD1"), (TD2, "TD2")])
def test_specimens_parse_with_every_check_valid(lines, layout):
    result = mrz.parse_mrz(lines)
    assert result.layout == layout and result.valid, result.checks
    data = mrz.to_extracted(result, today=dt.date(2026, 1, 1))
    assert (data["last_name"], data["first_name"], data["middle_name"]) == ("Eriksson", "Anna", "Maria")
    assert data["date_of_birth"] == "1974-08-12" and data["expiry_date"] == "2012-04-15"
    assert data["sex"] == "F" and data["nationality"] == "UTO" and data["issuing_country"] == "UTO"


def test_td3_fields():
    data = mrz.to_extracted(mrz.parse_mrz(TD3))
    assert data["document_number"] == "L898902C3" and data["personal_number"] == "ZE184226B"
    assert data["document_type"] == "passport" and data["mrz_format"] == "TD3"


@pytest.mark.parametrize(
    "position, check",
    [(9, "document_number"), (19, "birth_date"), (27, "expiry_date"), (42, "optional_data"), (43, "composite")],
)
def test_each_wrong_check_digit_is_named(position, check):
    line = TD3[1]
    wrong = str((int(line[position]) + 1) % 10)
    result = mrz.parse_mrz([TD3[0], line[:position] + wrong + line[position + 1 :]])
    assert check in result.failed_checks


def test_td1_long_document_number():
    lines = mrz.build_td1(
        issuing_country="NLD",
        surname="De Vries",
        given_names="Jan",
        document_number="AB12345678",
        nationality="NLD",
        birth_date=dt.date(1990, 1, 2),
        sex="M",
        expiry_date=dt.date(2031, 5, 6),
    )
    # build_td1 pads to 9 and truncates: build the long form by hand (ICAO 9303-5 §4.2.4).
    number = "AB12345678"
    line1 = "I<NLD" + number[:9] + "<" + number[9:] + mrz.check_digit(number) + "<" * 13
    line2 = lines[1][:29]
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    result = mrz.parse_mrz([line1, line2 + mrz.check_digit(composite), lines[2]])
    assert result.valid
    assert mrz.to_extracted(result)["document_number"] == number


def test_dates_pivot():
    today = dt.date(2026, 6, 1)
    assert mrz.parse_date("740812", kind="birth", today=today) == dt.date(1974, 8, 12)
    assert mrz.parse_date("200101", kind="birth", today=today) == dt.date(2020, 1, 1)
    assert mrz.parse_date("340101", kind="expiry", today=today) == dt.date(2034, 1, 1)
    assert mrz.parse_date("991231", kind="expiry", today=today) == dt.date(1999, 12, 31)
    assert mrz.parse_date("741312", kind="birth", today=today) is None


def test_builders_round_trip_with_accents():
    lines = mrz.build_td3(
        issuing_country="D",
        surname="Müller-Lüdenscheidt",
        given_names="Jürgen Ökan",
        document_number="C01X00T47",
        nationality="D",
        birth_date=dt.date(1964, 8, 12),
        sex="M",
        expiry_date=dt.date(2030, 1, 1),
    )
    assert lines[0].startswith("P<D<<MUELLER<LUEDENSCHEIDT<<JUERGEN<OEKAN<")
    assert mrz.parse_mrz(lines).valid
    td2 = mrz.build_td2(
        issuing_country="FRA",
        surname="Dupré",
        given_names="Hélène",
        document_number="X4RTBPFW4",
        nationality="FRA",
        birth_date=dt.date(1988, 3, 4),
        sex="F",
        expiry_date=dt.date(2029, 2, 3),
    )
    assert mrz.parse_mrz(td2).valid and len(td2[0]) == 36


def test_find_lines_in_ocr_text():
    # Cloud OCR writes « for <<, and spaces between characters.
    text = "PASSPORT\nUtopia\nSurname ERIKSSON\n" + TD3[0].replace("<<", "« ", 2) + "\n" + " ".join(TD3[1]) + "\n"
    assert mrz.find_mrz_lines(text) == TD3
    assert mrz.find_mrz_lines(TD3[0] + "\n" + TD3[1][:40]) is None  # a line cut by more than two is not forced
    text = "PASSPORT\nNom/Surname\n" + TD3[0] + "\n" + TD3[1][:10] + " " + TD3[1][10:] + "\nfooter"
    assert mrz.find_mrz_lines(text) == TD3
    assert mrz.find_mrz_lines("\n".join(TD1)) == TD1
    assert mrz.find_mrz_lines("nothing here\nat all") is None


def test_find_tolerates_a_missing_trailing_filler():
    assert mrz.find_mrz_lines(TD3[0][:-1] + "\n" + TD3[1]) == TD3


def test_repair_fixes_confusions_the_check_digits_prove():
    read = ["P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<K<<<<", "L8989O2C36UT074O8I22F12O4I59ZE184226B<<<<<I0"]
    result = mrz.repair_mrz(read)
    assert result.valid and result.lines == TD3
    assert {"line": 2, "position": 6, "read": "O", "corrected": "0"} in result.corrections


def test_repair_in_the_document_number_uses_the_check_digit():
    # "L898902C3" with the 0 read as O: O and 0 are both possible there, only the check digit decides.
    result = mrz.repair_mrz([TD3[0], "L8989O2C36" + TD3[1][10:]])
    assert result.valid and result.lines[1] == TD3[1]


def test_repair_never_makes_a_tampered_zone_valid():
    tampered = TD3[1][:27] + "3" + TD3[1][28:]  # expiry check digit changed
    result = mrz.repair_mrz([TD3[0], tampered])
    assert not result.valid and "expiry_date" in result.failed_checks


def test_not_a_zone():
    with pytest.raises(mrz.MrzError):
        mrz.parse_mrz(["ABC", "DEF"])
    with pytest.raises(mrz.MrzError):
        mrz.parse_mrz([TD3[0], TD3[1][:40]])


# --- repair ranked by the reader's per-character evidence ----------------------------------------
# "L898902C3" with its 9 read as Y: three single changes of L8Y8902C3 satisfy the check digit 6
# (Y->9 at 3, 9->O at 5, 3->S at 9), all in the confusion table, so a text-only reading cannot
# tell them apart.
AMBIGUOUS = "L8Y8902C3" + TD3[1][9:]


def alternatives_for(lines, cells):
    """The shape mrz_cells.CellReading gives: per line, per position, [(char, cost)]."""
    out = [[[] for _ in line] for line in lines]
    for (line, position), alts in cells.items():
        out[line][position] = alts
    return out


def test_a_tie_on_the_confusion_table_is_not_guessed():
    for decoy in ("L8Y8O02C3", "L8Y8902CS"):
        assert mrz.check_digit(decoy) == "6"
    result = mrz.repair_mrz([TD3[0], AMBIGUOUS])
    assert not result.valid and result.lines[1] == AMBIGUOUS


def test_the_cell_that_fitted_worst_is_the_one_repaired():
    cells = {(1, 2): [("9", 0.01), ("T", 0.08)], (1, 4): [("O", 0.09)], (1, 8): [("S", 0.07)]}
    result = mrz.repair_mrz([TD3[0], AMBIGUOUS], alternatives_for(TD3, cells))
    assert result.valid and result.lines == TD3
    assert result.corrections == [{"line": 2, "position": 3, "read": "Y", "corrected": "9"}]


def test_two_repairs_that_fit_about_as_well_are_not_guessed():
    cells = {(1, 2): [("9", 0.03)], (1, 8): [("S", 0.04)]}
    result = mrz.repair_mrz([TD3[0], AMBIGUOUS], alternatives_for(TD3, cells))
    assert not result.valid and result.lines[1] == AMBIGUOUS


def test_the_composite_check_picks_among_candidates():
    # TD1: the optional data has no check digit of its own, only the composite covers it.
    lines = mrz.build_td1(**dict(specimens.UTOPIA_ID_CARD, optional_data="X8Q20"))
    read = [lines[0][:16] + "B" + lines[0][17:], *lines[1:]]  # the 8 of X8Q20 read as B
    cells = {(0, 16): [("8", 0.02)], (0, 17): [("O", 0.01)], (0, 18): [("Z", 0.015)]}
    result = mrz.repair_mrz(read, alternatives_for(read, cells))
    assert result.valid and result.lines == lines


def test_a_date_digit_is_changed_only_on_the_pixels_evidence():
    read = TD3[1][:16] + "6" + TD3[1][17:]  # birth date 740812 read 740612
    assert not mrz.repair_mrz([TD3[0], read]).valid  # the confusion table never swaps digits in a date
    cells = {(1, 16): [("8", 0.02), ("5", 0.05)]}
    assert mrz.repair_mrz([TD3[0], read], alternatives_for(TD3, cells)).lines == TD3


def test_alternatives_outside_the_fields_alphabet_are_ignored():
    read = TD3[1][:16] + "6" + TD3[1][17:]
    cells = {(1, 16): [("B", 0.0)]}  # a letter fits, but a date holds digits only
    assert not mrz.repair_mrz([TD3[0], read], alternatives_for(TD3, cells)).valid


def test_a_tampered_digit_that_reads_clearly_stays_an_error():
    tampered = TD3[1][:18] + "3" + TD3[1][19:]  # birth date 740812 altered to 740813, check left
    cells = {(1, 18): [("8", 0.10), ("9", 0.11)]}  # the 3 is printed clearly: no cheap 2
    result = mrz.repair_mrz([TD3[0], tampered], alternatives_for(TD3, cells))
    assert not result.valid and {"birth_date", "composite"} <= set(result.failed_checks)


def test_position_alphabets_follow_the_layout():
    td3 = mrz.position_alphabets(2, 44)
    assert td3[1][13] == mrz.DIGITS and td3[1][19] == mrz.DIGITS  # birth date and its check
    assert td3[1][10] == mrz.LETTERS + "<" and td3[0][2] == mrz.LETTERS + "<"  # nationality, issuing state
    assert td3[1][20] == "MFX<" and td3[1][0] == mrz.ALNUM and td3[1][42] == mrz.DIGITS + "<"
    td1 = mrz.position_alphabets(3, 30)
    assert td1[0][14] == mrz.DIGITS + "<"  # a long TD1 number puts < there
    assert td1[1][29] == mrz.DIGITS and td1[2][0] == mrz.LETTERS + "<"
