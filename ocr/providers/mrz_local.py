"""`mrz_local`: reads the machine-readable zone of a photo on this machine, no cloud call.

Pipeline: grayscale, deskew and crop of the MRZ band (ocr.mrz_image) -> Tesseract (Debian
`tesseract-ocr`, English model, whitelist A-Z 0-9 <) through pytesseract -> fixed-pitch cells
matched against the OCR-B glyphs (ocr.mrz_cells), which also ranks each cell's runners-up ->
check-digit-driven repair, trying the cheapest runners-up first, and parsing (ocr.mrz).
Debian ships no MRZ-specific traineddata, hence the alignment and repair steps.
"""

from __future__ import annotations

import io
import os
import subprocess
import time
from dataclasses import dataclass, field

import pytesseract
from django.conf import settings
from PIL import Image, UnidentifiedImageError

from integrations.exceptions import ProviderTimeout, ProviderUnavailable
from integrations.registry import ConfigField

from .. import mrz, mrz_cells, mrz_image
from ..exceptions import DocumentNotRead
from .base import BaseOcrProvider, extracted_from_mrz_lines

WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
TESSERACT_CONFIG = f"--oem 1 --psm 6 -c tessedit_char_whitelist={WHITELIST} -c load_system_dawg=0 -c load_freq_dawg=0"
# Tesseract would otherwise start one thread per core for each call; requests run in parallel already.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass
class ZoneReading:
    lines: list[str] | None
    band_lines: int
    angle: float
    seconds: float
    raw: list[str] = field(default_factory=list)
    # Per line and position, the other glyphs that fit the cell and what they cost (mrz_cells);
    # None when the zone came from plain text (no cells found).
    alternatives: list | None = None


def _tesseract(image: Image.Image, *, cmd: str, timeout: float, boxes: bool):
    # pytesseract keeps the binary in a module global: set it on every call (per-hotel config).
    pytesseract.pytesseract.tesseract_cmd = cmd or "tesseract"
    try:
        if boxes:
            return pytesseract.image_to_boxes(image, config=TESSERACT_CONFIG, timeout=timeout)
        return pytesseract.image_to_string(image, config=TESSERACT_CONFIG, timeout=timeout)
    except pytesseract.TesseractNotFoundError:
        raise ProviderUnavailable(
            "Tesseract is not installed on this server (Debian package tesseract-ocr).",
            capability="ocr",
            provider="mrz_local",
        ) from None
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            raise ProviderTimeout(capability="ocr", provider="mrz_local") from None
        raise ProviderUnavailable(capability="ocr", provider="mrz_local") from None
    except (pytesseract.TesseractError, subprocess.SubprocessError, OSError):
        raise ProviderUnavailable(capability="ocr", provider="mrz_local") from None


def _boxes(output: str, height: int) -> list[tuple[str, int, int, int, int]]:
    boxes = []
    for row in output.splitlines():
        parts = row.split()
        if len(parts) >= 5 and parts[0] in WHITELIST:
            x1, y1, x2, y2 = (int(v) for v in parts[1:5])
            boxes.append((parts[0], x1, height - y2, x2, height - y1))
    return boxes


def read_zone(image: Image.Image, *, cmd: str = "", timeout: float = 10.0) -> ZoneReading:
    """The zone's lines as read (before repair), or None when no zone was found."""
    started = time.perf_counter()
    band = mrz_image.find_mrz_band(image)
    if band.lines and mrz_cells.templates_available():
        output = _tesseract(band.image, cmd=cmd, timeout=timeout, boxes=True)
        boxes = _boxes(output, band.image.height)
        width = mrz_cells.zone_width(band.image, band.lines)
        cells = mrz_cells.read_cells(band.image, boxes, width, band.lines)
        lines = cells.lines
        ok = len(lines) == band.lines and all(len(x) == width for x in lines)
        return ZoneReading(
            lines if ok else None,
            band.lines,
            band.angle,
            time.perf_counter() - started,
            lines,
            cells.alternatives if ok else None,
        )
    text = _tesseract(band.image, cmd=cmd, timeout=timeout, boxes=False)
    lines = mrz.find_mrz_lines(text)
    return ZoneReading(lines, band.lines, band.angle, time.perf_counter() - started, text.splitlines())


class MrzLocalOcr(BaseOcrProvider):
    name = "mrz_local"
    label = "Local MRZ reader (Tesseract, no cloud)"
    config_fields = (
        ConfigField("tesseract_cmd", help="Path of the tesseract binary (default: found on PATH)."),
        ConfigField("timeout_seconds", type="float", default=10.0, help="Time limit of one Tesseract call."),
        ConfigField(
            "repair", type="bool", default=True, help="Repair OCR confusions the ICAO check digits prove wrong."
        ),
    )

    def extract_id_data(self, image: bytes, document_type: str = "passport", *, hint: dict | None = None) -> dict:
        try:
            picture = Image.open(io.BytesIO(image))
            picture.load()
        except (UnidentifiedImageError, OSError):
            raise DocumentNotRead() from None
        reading = read_zone(
            picture,
            cmd=self.config.get("tesseract_cmd") or settings.OCR_TESSERACT_CMD,
            timeout=float(self.config.get("timeout_seconds") or settings.OCR_TESSERACT_TIMEOUT),
        )
        if not reading.lines:
            raise DocumentNotRead()
        data = extracted_from_mrz_lines(
            reading.lines,
            document_type=document_type,
            provider=self.name,
            confidence=0.0,
            repair=self.config.get("repair", True),
            alternatives=reading.alternatives,
        )
        # Confidence: 1.0 when every check digit holds, less for each failing check or repair.
        result = mrz.parse_mrz(data["mrz_lines"])
        penalty = 0.15 * len(result.failed_checks) + 0.02 * len(data["mrz_corrections"])
        data["confidence"] = round(max(0.0, 1.0 - penalty), 3)
        return data

    def health_check(self) -> bool:
        pytesseract.pytesseract.tesseract_cmd = (
            self.config.get("tesseract_cmd") or settings.OCR_TESSERACT_CMD or "tesseract"
        )
        try:
            pytesseract.get_tesseract_version()
        except (pytesseract.TesseractNotFoundError, OSError):
            return False
        return True
