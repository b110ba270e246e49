"""Accepting a photo of an identity document: decoded (the name and declared type prove nothing),
bounded in bytes and pixels (decompression bombs), turned upright, and re-encoded without EXIF
(GPS position, device, time) before anyone - our providers included - sees it."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import ImageRejected

# HEIF is what iPhones save (HEIC); Pillow reads it once pillow-heif's opener is registered.
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}


def register_image_openers() -> None:
    """Teach Pillow to decode HEIC/HEIF by content (called once, from OcrConfig.ready). Pillow then
    recognises the file by its `ftyp` box like any other format, whatever the upload is named."""
    import pillow_heif

    pillow_heif.register_heif_opener()


MIN_WIDTH, MIN_HEIGHT = 300, 180


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    width: int
    height: int
    source_format: str


def sanitize_image(data: bytes | None) -> CleanImage:
    if not data:
        raise ImageRejected("Attach a photo of your document in the `image` field.", code="image_missing")
    max_bytes = settings.OCR_MAX_IMAGE_BYTES
    if len(data) > max_bytes:
        raise ImageRejected(
            f"The photo is larger than {max_bytes // (1024 * 1024)} MB; send a smaller one.", code="image_too_large"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            fmt = image.format or ""
            width, height = image.size
            if width * height > settings.OCR_MAX_IMAGE_PIXELS:
                raise ImageRejected(
                    f"The photo has more than {settings.OCR_MAX_IMAGE_PIXELS // 1_000_000} million pixels; "
                    "send a smaller one.",
                    code="image_too_large",
                )
            if fmt not in ALLOWED_FORMATS:
                raise ImageRejected(
                    f"Send a JPEG, PNG, WebP or HEIC photo (this file is {fmt or 'not an image we know'}).",
                    code="image_type_not_allowed",
                )
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("The photo has too many pixels; send a smaller one.", code="image_too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRejected("This file is not a photo we can read.", code="image_unreadable") from None
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise ImageRejected(
            f"The photo is too small to read ({width}×{height}); the document should fill the frame.",
            code="image_too_small",
        )
    image = ImageOps.exif_transpose(image)  # a phone's "rotate on display" applied, then EXIF dropped
    if image.mode not in ("RGB", "L"):
        if "A" in image.getbands():
            background = Image.new("RGB", image.size, "white")
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, format="JPEG", quality=92)  # no exif=, no icc: nothing but pixels
        content_type = "image/jpeg"
    else:
        image.save(out, format="PNG", optimize=False)
        content_type = "image/png"
    return CleanImage(out.getvalue(), content_type, image.width, image.height, fmt)
