"""Phone numbers, countries and e-mail addresses as stored: E.164 (SMS providers need it), ISO 3166
codes (django-countries' list) and trimmed lower case. The columns stay plain strings, so every app
reads them as before; the admin's form fields (phonenumber_field, the country list) validate input.

A number typed without a country code is read in the hotel's country. A number that cannot be read
is kept as typed (a guest's data is never dropped) and shows as invalid in the admin.
"""

from __future__ import annotations

import phonenumbers
from phonenumber_field.phonenumber import PhoneNumber


def country_choices():
    from django_countries import countries

    return [(code, name) for code, name in countries]


def normalize_phone(value, region: str | None = None) -> str:
    """E.164 when the number is valid (in `region` when it has no country code), else as typed."""
    if value is None:
        return ""
    raw = value.raw_input if isinstance(value, PhoneNumber) and value.raw_input else str(value)
    raw = raw.strip()
    if not raw:
        return ""
    try:
        parsed = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(parsed):
        return raw
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_valid_phone(value) -> bool:
    if not value:
        return True
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(str(value), None))
    except phonenumbers.NumberParseException:
        return False


def normalize_email(value) -> str:
    return (value or "").strip().lower()
