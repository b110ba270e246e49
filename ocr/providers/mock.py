"""The `mock` OCR provider: no external call, realistic answers; the embedded default.

It plays the booked guest's passport (or ID card): a valid ICAO zone built for the hint's name, a
document number derived from the image, so the whole check-in runs offline. `scenario` makes it
play the failures front-end and journey code must handle.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from integrations.exceptions import ProviderUnavailable
from integrations.registry import ConfigField

from .. import mrz
from ..exceptions import DocumentNotRead
from .base import BaseOcrProvider, extracted_from_mrz_lines

SCENARIOS = ("valid", "expired", "tampered", "unreadable", "unavailable")


class MockOcr(BaseOcrProvider):
    name = "mock"
    label = "Mock (offline, no external call)"
    config_fields = (
        ConfigField(
            "scenario",
            type="choice",
            choices=SCENARIOS,
            default="valid",
            help="What the mock plays: a valid document, an expired one, one with a wrong check digit, "
            "an unreadable photo, or a provider outage.",
        ),
        ConfigField("nationality", default="USA", help="Issuing country and nationality (ICAO alpha-3)."),
    )

    def extract_id_data(self, image: bytes, document_type: str = "passport", *, hint: dict | None = None) -> dict:
        scenario = self.config.get("scenario", "valid")
        if scenario == "unavailable":
            raise ProviderUnavailable(capability="ocr", provider=self.name)
        if scenario == "unreadable":
            raise DocumentNotRead()
        hint = hint or {}
        digest = hashlib.sha256(image).hexdigest().upper()
        number = ("P" if document_type == "passport" else "ID") + str(int(digest[:12], 16))[:7]
        today = dt.date.today()
        expiry = today.replace(year=today.year - 1) if scenario == "expired" else today.replace(year=today.year + 6)
        country = self.config.get("nationality") or "USA"
        fields = {
            "issuing_country": country,
            "surname": hint.get("last_name") or "Doe",
            "given_names": hint.get("first_name") or "John Michael",
            "document_number": number,
            "nationality": country,
            "birth_date": dt.date(1985, 6, 15),
            "sex": "M",
            "expiry_date": expiry,
        }
        if document_type == "passport":
            lines = mrz.build_td3(**fields)
            broken_line, broken_pos = 1, 9
        else:
            lines = mrz.build_td1(document_code="I", **fields)
            broken_line, broken_pos = 0, 14
        if scenario == "tampered":
            wrong = str((int(lines[broken_line][broken_pos]) + 3) % 10)
            line = lines[broken_line]
            lines[broken_line] = line[:broken_pos] + wrong + line[broken_pos + 1 :]
        data = extracted_from_mrz_lines(
            lines, document_type=document_type, provider=self.name, confidence=0.97, repair=False
        )
        data["document_type"] = document_type if document_type in ("passport", "id_card") else data["document_type"]
        data["issue_date"] = expiry.replace(year=expiry.year - 10).isoformat()
        return data
