"""The OCR capability: read an identity document from a photo, and validate what was read.

    provider = get_integration_manager(hotel).get_ocr()
    data = provider.extract_id_data(image_bytes, "passport")
    result = provider.validate_id_data(data)          # {"is_valid", "errors", "warnings"}

`extract_id_data` returns the seed's extracted-data shape in snake_case:

    {"document_type": "passport", "document_number": "L898902C3", "first_name": "Anna",
     "middle_name": "Maria", "last_name": "Eriksson", "date_of_birth": "1974-08-12",
     "nationality": "SWE", "sex": "F", "issue_date": None, "expiry_date": "2032-04-15",
     "issuing_country": "SWE", "confidence": 0.97, "extracted_at": "2026-...Z",
     "mrz_lines": ["P<SWE...", "L898902C3..."] | None, "mrz_format": "TD3" | None,
     "personal_number": "", "mrz_corrections": [...], "provider": "mrz_local"}

Providers raise `ocr.exceptions.DocumentNotRead` (mrz_not_found) when the image holds no readable
document, and the integrations errors (`ocr_unavailable`, `ocr_timeout`, `ocr_bad_response`,
`ocr_auth_failed`) when the vendor fails.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from django.utils import timezone

from .. import mrz, viz
from ..exceptions import DocumentNotRead
from ..validation import ValidationContext, validate_id_data

EXTRACTED_FIELDS = (
    "document_type",
    "document_number",
    "first_name",
    "last_name",
    "middle_name",
    "date_of_birth",
    "nationality",
    "sex",
    "issue_date",
    "expiry_date",
    "issuing_country",
    "confidence",
    "extracted_at",
)
# The fields a guest may correct after the scan (each correction is flagged for staff).
CORRECTABLE_FIELDS = (
    "document_number",
    "first_name",
    "middle_name",
    "last_name",
    "date_of_birth",
    "nationality",
    "sex",
    "issue_date",
    "expiry_date",
    "issuing_country",
)


def empty_extracted(document_type: str, provider: str) -> dict:
    data = dict.fromkeys(EXTRACTED_FIELDS, None)
    data.update(
        document_type=document_type,
        first_name="",
        middle_name="",
        last_name="",
        confidence=0.0,
        extracted_at=timezone.now().isoformat().replace("+00:00", "Z"),
        mrz_lines=None,
        mrz_format=None,
        personal_number="",
        mrz_corrections=[],
        provider=provider,
    )
    return data


def extracted_from_mrz_lines(
    lines: list[str],
    *,
    document_type: str,
    provider: str,
    confidence: float,
    repair: bool = True,
    alternatives: mrz.Alternatives | None = None,
) -> dict:
    """Repair and parse MRZ lines into the extracted-data shape (shared by every text provider).
    `alternatives`: the reader's runners-up per position, which rank the repair's candidates."""
    try:
        result = mrz.repair_mrz(lines, alternatives) if repair else mrz.parse_mrz(lines)
    except mrz.MrzError:
        raise DocumentNotRead() from None
    data = empty_extracted(document_type, provider)
    data.update(mrz.to_extracted(result))
    data["mrz_corrections"] = result.corrections
    data["confidence"] = round(float(confidence), 3)
    return data


def extracted_from_text(text: str, *, document_type: str, provider: str, confidence: float) -> dict:
    """Find the MRZ in a block of OCR text (Google, Azure) and parse it; without one, read the
    labelled fields of the visual zone (flagged for staff: no check digits vouch for them).
    DocumentNotRead when neither gives a name and a document number."""
    lines = mrz.find_mrz_lines(text)
    if lines:
        return extracted_from_mrz_lines(lines, document_type=document_type, provider=provider, confidence=confidence)
    fields = viz.parse_visual_zone(text)
    if not (fields.get("last_name") and fields.get("document_number")):
        raise DocumentNotRead()
    data = empty_extracted(document_type, provider)
    data.update({k: v for k, v in fields.items() if v})
    # The visual zone rarely names the issuing state apart from the nationality; staff confirm it.
    data["issuing_country"] = data.get("issuing_country") or data.get("nationality")
    data["confidence"] = round(min(float(confidence), viz.VIZ_CONFIDENCE_CAP), 3)
    data["read_from"] = "visual_zone"
    return data


@runtime_checkable
class OcrProvider(Protocol):
    name: str
    label: str

    def extract_id_data(self, image: bytes, document_type: str = "passport", *, hint: dict | None = None) -> dict:
        """`hint` ({"first_name", "last_name"} of the booking) is used by the mock only, to play the
        booked guest's document; real providers ignore it."""
        ...

    def validate_id_data(self, data: dict, context: ValidationContext | None = None) -> dict: ...

    def health_check(self) -> bool: ...


class BaseOcrProvider:
    """Shared behaviour: validation is the same whoever read the document."""

    name = ""
    label = ""
    config_fields: tuple = ()

    def __init__(self, *, hotel=None, config: dict | None = None):
        self.hotel = hotel
        self.config = config or {}

    def validate_id_data(self, data: dict, context: ValidationContext | None = None) -> dict:
        return validate_id_data(data, context)

    def health_check(self) -> bool:
        return True
