"""POST/GET/PATCH /api/v1/guest/checkin/id-document on the mock provider (the embedded default)."""

import io

import pytest
from PIL import Image

from integrations.models import RealtimeEvent
from ocr import selectors
from ocr.models import IdentityDocument, OcrSettings
from tests.ocr.conftest import heic, photo, upload, use_ocr
from tests.stays.factories import StayFactory
from tests.stays.fixtures import guest_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/guest/checkin/id-document"


def test_upload_reads_the_booked_guests_passport_and_stores_it_encrypted(guest_api, stay):
    response = upload(guest_api, photo())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["validation"] == {"is_valid": True, "errors": [], "warnings": []}
    fields = body["extracted"]
    assert (fields["first_name"], fields["last_name"]) == ("Helene", "Dupre")
    assert fields["document_type"] == "passport" and fields["nationality"] == "USA"
    assert fields["date_of_birth"] == "1985-06-15"
    assert body["needs_review"] is False

    document = IdentityDocument.objects.get()
    assert (document.stay, document.guest, document.hotel) == (stay, stay.guest, stay.hotel)
    assert document.image is None  # the hotel did not opt in to keeping images
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM ocr_identitydocument WHERE id = %s", [document.pk])
        stored = cursor.fetchone()[0]
    assert "Dupre" not in stored and "1985" not in stored and stored.startswith("gAAAA")
    assert RealtimeEvent.objects.filter(type="identity_document.submitted", stay_id=stay.pk).exists()

    step = selectors.identity_step_for_stay(stay)
    assert step == {
        "status": "pending",
        "is_valid": True,
        "needs_review": False,
        "document_id": document.pk,
        "errors": [],
        "warnings": [],
    }


def test_expired_document_is_refused_with_its_code(guest_api, stay):
    use_ocr(stay.hotel, "mock", {"scenario": "expired"})
    response = upload(guest_api, photo())
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "document_expired"
    assert body["document"]["validation"]["is_valid"] is False
    step = selectors.identity_step_for_stay(stay)
    assert step["is_valid"] is False and step["needs_review"] is True
    assert [e["code"] for e in step["errors"]] == ["document_expired"]


def test_tampered_check_digit_is_refused_with_its_code(guest_api, stay):
    use_ocr(stay.hotel, "mock", {"scenario": "tampered"})
    response = upload(guest_api, photo())
    assert response.status_code == 422
    assert response.json()["code"] == "mrz_check_digit_invalid"
    checks = {e.get("check") for e in response.json()["document"]["validation"]["errors"]}
    assert {"document_number", "composite"} <= checks


def test_unreadable_document_is_a_400_and_nothing_is_stored(guest_api):
    use_ocr_hotel = IdentityDocument.objects.count()
    response = upload(guest_api, photo(), document_type="passport")
    assert response.status_code == 201
    stay_hotel = IdentityDocument.objects.get().hotel
    use_ocr(stay_hotel, "mock", {"scenario": "unreadable"})
    response = upload(guest_api, photo(color=(1, 2, 3)))
    assert response.status_code == 400
    assert response.json()["code"] == "mrz_not_found"
    assert IdentityDocument.objects.count() == use_ocr_hotel + 1
    assert IdentityDocument.objects.get().submissions == 1


def test_provider_outage_is_a_503_with_the_ocr_code(guest_api, stay):
    use_ocr(stay.hotel, "mock", {"scenario": "unavailable"})
    response = upload(guest_api, photo())
    assert response.status_code == 503
    assert response.json()["code"] == "ocr_unavailable"
    assert not IdentityDocument.objects.exists()


def test_ocr_switched_off_is_a_503(guest_api, stay):
    use_ocr(stay.hotel, "none")
    response = upload(guest_api, photo())
    assert response.status_code == 503
    assert response.json()["code"] == "ocr_unavailable"


@pytest.mark.parametrize(
    "content, name, code",
    [
        (None, "x.jpg", "image_missing"),
        (b"", "x.jpg", "image_missing"),
        (b"%PDF-1.4 not an image at all", "passport.jpg", "image_unreadable"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "passport.jpg", "image_unreadable"),
    ],
)
def test_bad_uploads_get_clear_400s(guest_api, content, name, code):
    response = upload(guest_api, content, name=name)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not IdentityDocument.objects.exists()


def test_formats_are_checked_by_decoding_not_by_name(guest_api):
    gif = io.BytesIO()
    Image.new("RGB", (800, 600)).save(gif, format="GIF")
    response = upload(guest_api, gif.getvalue(), name="passport.jpg", content_type="image/jpeg")
    assert response.status_code == 400 and response.json()["code"] == "image_type_not_allowed"
    # A PNG named .jpg is fine: it decodes as PNG.
    assert upload(guest_api, photo("PNG"), name="scan.jpg").status_code == 201
    assert upload(guest_api, photo("WEBP"), name="scan.bin", content_type="application/octet-stream").status_code == 201


def test_a_heic_photo_is_decoded_by_its_content(guest_api, stay):
    OcrSettings.objects.create(hotel=stay.hotel, store_images=True)
    exif = Image.Exif()
    exif[0x010F] = "SpyPhone"  # Make
    content = heic(Image.new("RGB", (1000, 700), (200, 190, 170)), exif=exif.tobytes())
    assert content[4:12] == b"ftypheic"  # a real HEIC container, not a renamed JPEG
    response = upload(guest_api, content, name="IMG_0001.bin", content_type="application/octet-stream")
    assert response.status_code == 201, response.content
    stored = Image.open(io.BytesIO(IdentityDocument.objects.get().image))
    assert stored.format == "PNG" and stored.size == (1000, 700) and not stored.getexif()


def test_too_many_pixels_is_refused_before_decoding(guest_api, settings):
    settings.OCR_MAX_IMAGE_PIXELS = 500_000
    response = upload(guest_api, photo("PNG", size=(1000, 600)))
    assert response.status_code == 400 and response.json()["code"] == "image_too_large"


def test_too_many_bytes_is_refused(guest_api, settings):
    settings.OCR_MAX_IMAGE_BYTES = 1000
    response = upload(guest_api, photo("PNG"))
    assert response.status_code == 400 and response.json()["code"] == "image_too_large"


def test_tiny_image_is_refused(guest_api):
    response = upload(guest_api, photo(size=(120, 80)))
    assert response.status_code == 400 and response.json()["code"] == "image_too_small"


def test_exif_is_stripped_from_the_stored_image(guest_api, stay):
    OcrSettings.objects.create(hotel=stay.hotel, store_images=True)
    exif = Image.Exif()
    exif[0x010F] = "SpyPhone"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to display
    response = upload(guest_api, photo(size=(900, 600), exif=exif.tobytes()))
    assert response.status_code == 201
    stored = IdentityDocument.objects.get()
    image = Image.open(io.BytesIO(stored.image))
    assert not image.getexif()
    assert image.size == (600, 900)  # the orientation was applied before EXIF was dropped
    assert stored.image_content_type == "image/jpeg"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT image FROM ocr_identitydocument WHERE id = %s", [stored.pk])
        raw = bytes(cursor.fetchone()[0])
    assert raw.startswith(b"gAAAA") and b"JFIF" not in raw


def test_a_guest_only_reaches_their_own_stay(api, guest_api, stay):
    other = StayFactory(hotel=stay.hotel, guest__last_name="Rossi", guest__first_name="Marco")
    assert upload(guest_api, photo()).status_code == 201
    other_api = type(api)()
    other_api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(other_api, other)}")
    assert other_api.get(URL).json()["code"] == "id_document_missing"
    response = upload(other_api, photo(color=(9, 9, 9)))
    assert response.status_code == 201
    assert response.json()["extracted"]["last_name"] == "Rossi"
    assert IdentityDocument.objects.filter(stay=stay).count() == 1
    assert guest_api.get(URL).json()["extracted"]["last_name"] == "Dupre"


def test_without_a_guest_token(api):
    assert upload(api, photo()).status_code == 401


def test_a_new_photo_replaces_a_pending_document(guest_api, stay):
    use_ocr(stay.hotel, "mock", {"scenario": "expired"})
    assert upload(guest_api, photo()).status_code == 422
    use_ocr(stay.hotel, "mock", {"scenario": "valid"})
    assert upload(guest_api, photo()).status_code == 201
    document = IdentityDocument.objects.get()
    assert document.submissions == 2 and document.is_valid


def test_guest_correction_is_flagged_for_staff(guest_api, stay):
    upload(guest_api, photo())
    response = guest_api.patch(URL, {"fields": {"first_name": "Hélène", "last_name": "Dupré"}}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["corrected_fields"] == ["first_name", "last_name"]
    assert body["needs_review"] is True
    codes = [w["code"] for w in body["validation"]["warnings"]]
    assert codes.count("field_corrected") == 2
    assert selectors.identity_step_for_stay(stay)["needs_review"] is True


def test_correcting_the_number_contradicts_the_zone(guest_api):
    upload(guest_api, photo())
    response = guest_api.patch(URL, {"fields": {"document_number": "X1234567"}}, format="json")
    assert response.status_code == 200
    codes = {(w["code"], w.get("field")) for w in response.json()["validation"]["warnings"]}
    assert ("mrz_field_mismatch", "document_number") in codes


def test_unknown_correction_field_is_refused(guest_api):
    upload(guest_api, photo())
    response = guest_api.patch(URL, {"fields": {"mrz_lines": "P<<"}}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_field"


def test_invalid_document_type(guest_api):
    response = upload(guest_api, photo(), document_type="library_card")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
