import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ocr import services, tasks
from ocr.models import IdentityDocument, OcrSettings
from tests.ocr.conftest import photo
from tests.stays.factories import StayFactory

pytestmark = pytest.mark.django_db


def document_for(hotel, days_ago, *, status="checked_out", user=None):
    today = timezone.localdate()
    stay = StayFactory(hotel=hotel, arrival=today - dt.timedelta(days=3), departure=today + dt.timedelta(days=1))
    document = services.submit_identity_document(stay=stay, image=photo())
    if user:
        services.verify_identity_document(document=document, user=user)
    stay.arrival, stay.departure = today - dt.timedelta(days=days_ago + 2), today - dt.timedelta(days=days_ago)
    stay.status = status
    stay.checked_out_at = timezone.now() - dt.timedelta(days=days_ago) if status == "checked_out" else None
    stay.save()
    return IdentityDocument.objects.get(pk=document.pk)


def test_purge_erases_fields_and_images_after_retention(hotel, front_desk):
    OcrSettings.objects.create(hotel=hotel, store_images=True, retention_days=30)
    old = document_for(hotel, 31, user=front_desk)
    recent = document_for(hotel, 29)
    in_house = document_for(hotel, 40, status="checked_in")
    assert old.image is not None and old.data

    out = StringIO()
    call_command("purge_identity_data", "--dry-run", stdout=out)
    assert (
        f"would purge document {old.pk}" in out.getvalue()
        and "1 identity document(s) would be purged" in out.getvalue()
    )
    assert IdentityDocument.objects.get(pk=old.pk).data is not None  # a dry run erases nothing

    out = StringIO()
    call_command("purge_identity_data", stdout=out)
    assert f"purged document {old.pk}" in out.getvalue() and "Purged 1 identity document(s)." in out.getvalue()
    purged = IdentityDocument.objects.get(pk=old.pk)
    assert purged.data is None and purged.image is None and purged.purged_at is not None
    # What the hotel keeps: type, country, decision, who and when.
    assert purged.document_type == "passport" and purged.issuing_country == "USA"
    assert purged.status == "verified" and purged.verified_by == front_desk and purged.verified_at
    assert purged.validation == {"is_valid": True, "errors": [], "warnings": []}
    with connection.cursor() as cursor:
        cursor.execute("SELECT data, image FROM ocr_identitydocument WHERE id = %s", [old.pk])
        assert cursor.fetchone() == (None, None)
    assert IdentityDocument.objects.get(pk=recent.pk).data is not None
    assert IdentityDocument.objects.get(pk=in_house.pk).data is not None

    out = StringIO()
    call_command("purge_identity_data", stdout=out)
    assert "Purged 0" in out.getvalue()  # nothing twice


def test_retention_is_per_hotel_and_cancelled_stays_count_from_departure(hotel, other_hotel):
    OcrSettings.objects.create(hotel=other_hotel, retention_days=7)
    mine = document_for(hotel, 10)  # default 30 days: kept
    theirs = document_for(other_hotel, 10, status="cancelled")  # 7 days: purged
    assert tasks.purge_identity_data() == 1
    assert IdentityDocument.objects.get(pk=mine.pk).data is not None
    assert IdentityDocument.objects.get(pk=theirs.pk).data is None


def test_beat_schedule_has_the_purge():
    from ocr.schedule import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["ocr-purge-identity-data"]["task"] == "ocr.purge_identity_data"
