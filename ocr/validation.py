"""Validation of extracted identity data: `{is_valid, errors, warnings}` with stable snake_case codes.

Errors make the document unusable for online check-in; warnings do not, but those marked
`requires_clearance` put it in front of staff (name mismatch, corrected fields). Messages never
repeat the guest's data: they are stored with the document and outlive the purge.

Codes: missing_field, invalid_date, document_expired, date_of_birth_in_future, guest_under_minimum_age,
invalid_country_code, mrz_check_digit_invalid, mrz_invalid, document_expires_during_stay,
name_mismatch, field_corrected, mrz_field_mismatch, no_mrz, low_confidence, document_type_mismatch, invalid_sex.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import countries, mrz
from .names import names_match

REQUIRED_FIELDS = ("document_number", "last_name", "date_of_birth", "expiry_date", "nationality", "issuing_country")
LOW_CONFIDENCE = 0.6
CHECK_LABELS = {
    "document_number": "document number",
    "birth_date": "date of birth",
    "expiry_date": "expiry date",
    "optional_data": "optional data",
    "composite": "composite",
}
CHECK_FIELDS = {
    "document_number": "document_number",
    "birth_date": "date_of_birth",
    "expiry_date": "expiry_date",
    "optional_data": "personal_number",
    "composite": "mrz_lines",
}


@dataclass
class ValidationContext:
    """What the data is checked against: the stay and the hotel's rules."""

    today: dt.date = field(default_factory=dt.date.today)
    departure: dt.date | None = None
    arrival: dt.date | None = None
    minimum_age: int = 18
    guest_first_name: str = ""
    guest_last_name: str = ""
    corrected_fields: tuple[str, ...] = ()
    requested_document_type: str = ""


def _issue(code: str, message: str, field_name: str | None = None, **extra) -> dict:
    issue = {"code": code, "message": message}
    if field_name:
        issue["field"] = field_name
    issue.update(extra)
    return issue


def _date(data: dict, name: str, errors: list) -> dt.date | None:
    value = data.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        errors.append(_issue("invalid_date", f"The {name.replace('_', ' ')} is not a valid date.", name))
        return None


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def validate_id_data(data: dict, context: ValidationContext | None = None) -> dict:
    context = context or ValidationContext()
    errors: list[dict] = []
    warnings: list[dict] = []

    for name in REQUIRED_FIELDS:
        if not data.get(name):
            errors.append(_issue("missing_field", f"The {name.replace('_', ' ')} could not be read.", name))

    birth = _date(data, "date_of_birth", errors)
    expiry = _date(data, "expiry_date", errors)
    _date(data, "issue_date", errors)

    if expiry and expiry < context.today:
        errors.append(_issue("document_expired", "This document has expired.", "expiry_date"))
    elif expiry and context.departure and expiry < context.departure:
        warnings.append(
            _issue("document_expires_during_stay", "This document expires before the end of the stay.", "expiry_date")
        )

    if birth and birth > context.today:
        errors.append(_issue("date_of_birth_in_future", "The date of birth is in the future.", "date_of_birth"))
    elif birth and context.minimum_age:
        on = max(context.arrival or context.today, context.today)
        if _age_on(birth, on) < context.minimum_age:
            errors.append(
                _issue(
                    "guest_under_minimum_age",
                    f"Guests must be at least {context.minimum_age} to check in online; please see the front desk.",
                    "date_of_birth",
                    minimum_age=context.minimum_age,
                )
            )

    for name in ("nationality", "issuing_country"):
        if data.get(name) and not countries.is_valid_code(data[name]):
            label = name.replace("_", " ")
            errors.append(_issue("invalid_country_code", f"The {label} is not a known country code.", name))

    if data.get("sex") and data["sex"] not in ("M", "F", "X"):
        warnings.append(_issue("invalid_sex", "The sex field is not M, F or X.", "sex"))

    _validate_mrz(data, errors, warnings)
    if data.get("read_from") == "visual_zone":
        warnings.append(
            _issue(
                "no_mrz",
                "Read from the printed fields only (no machine-readable zone); staff will check it.",
                requires_clearance=True,
            )
        )

    if context.guest_last_name and data.get("last_name"):
        if not names_match(
            document_first=data.get("first_name", ""),
            document_middle=data.get("middle_name", ""),
            document_last=data["last_name"],
            guest_first=context.guest_first_name,
            guest_last=context.guest_last_name,
        ):
            warnings.append(
                _issue(
                    "name_mismatch",
                    "The name on the document does not match the name of the booking; staff will check it.",
                    "last_name",
                    requires_clearance=True,
                )
            )

    for name in context.corrected_fields:
        warnings.append(
            _issue(
                "field_corrected",
                "Corrected by the guest after the scan; staff will check it.",
                name,
                requires_clearance=True,
            )
        )

    confidence = data.get("confidence")
    if isinstance(confidence, int | float) and confidence < LOW_CONFIDENCE:
        warnings.append(_issue("low_confidence", "The document was read with low confidence.", requires_clearance=True))

    requested = context.requested_document_type
    if requested and data.get("document_type") and data["document_type"] != requested:
        warnings.append(
            _issue("document_type_mismatch", f"A {requested.replace('_', ' ')} was expected.", "document_type")
        )

    return {"is_valid": not errors, "errors": errors, "warnings": warnings}


def _validate_mrz(data: dict, errors: list, warnings: list) -> None:
    """Recompute every ICAO check digit from the lines themselves (a provider's word is not enough),
    and check that the fields agree with the zone (a corrected or tampered field does not)."""
    lines = data.get("mrz_lines")
    if not lines:
        return
    try:
        result = mrz.parse_mrz(list(lines))
    except mrz.MrzError:
        errors.append(_issue("mrz_invalid", "The machine-readable zone is not a valid ICAO 9303 zone.", "mrz_lines"))
        return
    for name in result.failed_checks:
        errors.append(
            _issue(
                "mrz_check_digit_invalid",
                f"The {CHECK_LABELS.get(name, name)} check digit of the machine-readable zone is wrong.",
                CHECK_FIELDS.get(name, "mrz_lines"),
                check=name,
            )
        )
    from_zone = mrz.to_extracted(result)
    for name in ("document_number", "date_of_birth", "expiry_date", "nationality"):
        if data.get(name) and from_zone.get(name) and str(data[name]).upper() != str(from_zone[name]).upper():
            warnings.append(
                _issue(
                    "mrz_field_mismatch",
                    "This field differs from the machine-readable zone; staff will check it.",
                    name,
                    requires_clearance=True,
                )
            )
