"""Fixtures for identity-document tests: images made with Pillow, hotels on a chosen OCR provider."""

import io

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from integrations.models import HotelIntegrations
from tests.stays.fixtures import guest_token


def photo(fmt="JPEG", size=(1000, 700), color=(200, 190, 170), exif=None) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def heic(image: Image.Image, exif: bytes | None = None) -> bytes:
    """An iPhone-style HEIC photo, encoded with pillow-heif's own API (not through the Pillow opener
    the app registers), so that decoding it proves the registration."""
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, quality=90, exif=exif)
    return out.getvalue()


def use_ocr(hotel, provider, config=None):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider("ocr", provider, config or {})
    record.save()
    return record


@pytest.fixture
def guest_api(api, stay):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, stay)}")
    return api


def upload(api, content: bytes | None, name="passport.jpg", content_type="image/jpeg", **extra):
    data = dict(extra)
    if content is not None:
        data["image"] = SimpleUploadedFile(name, content, content_type=content_type)
    return api.post("/api/v1/guest/checkin/id-document", data, format="multipart")
