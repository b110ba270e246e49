"""manage.py rotate_encryption_keys re-encrypts identity documents too: after the rotation the old
key can be dropped and every document's fields and image still decrypt."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from ocr import services
from ocr.models import IdentityDocument, OcrSettings
from tests.ocr.conftest import photo

pytestmark = pytest.mark.django_db


def raw_columns(document) -> tuple[str, bytes]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT data, image FROM {IdentityDocument._meta.db_table} WHERE id = %s", [document.pk])
        data, image = cursor.fetchone()
    return data, bytes(image)


def test_rotation_reencrypts_identity_documents_fields_and_images(stay, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    OcrSettings.objects.create(hotel=stay.hotel, store_images=True)
    document = services.submit_identity_document(stay=stay, image=photo())
    before = IdentityDocument.objects.get(pk=document.pk)
    assert before.data["last_name"] and before.image

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "Re-encrypted 1 ocr.IdentityDocument row(s)." in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    after = IdentityDocument.objects.get(pk=document.pk)
    assert after.data == before.data and after.image == before.image
    data, image = raw_columns(document)
    assert Fernet(new.encode()).decrypt(data.encode()) and Fernet(new.encode()).decrypt(image)


def test_without_rotation_the_old_keys_documents_are_unreadable(stay, settings):
    # What the rotation prevents: the same document, the old key dropped without rotating first.
    from integrations.crypto import DecryptionError

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    document = services.submit_identity_document(stay=stay, image=photo())
    settings.FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(DecryptionError):
        IdentityDocument.objects.get(pk=document.pk)


def test_purged_documents_are_skipped(stay, settings):
    document = services.submit_identity_document(stay=stay, image=photo())
    IdentityDocument.objects.filter(pk=document.pk).update(data=None, image=None)
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "Re-encrypted 0 ocr.IdentityDocument row(s)." in out.getvalue()
    assert IdentityDocument.objects.get(pk=document.pk).data is None
