"""Model fields encrypted at rest with the project's key ring (integrations.crypto, FIELD_ENCRYPTION_KEYS).

The database holds Fernet tokens only; Python code sees plain values. A row's ciphertext changes
on every save (Fernet has a random IV), so nothing can be learnt by comparing rows.
"""

from __future__ import annotations

import json

from django.db import models

from integrations import crypto


class EncryptedJSONField(models.TextField):
    """A JSON value (dict/list), stored as one encrypted token. Not queryable, by design."""

    encrypted_at_rest = True  # manage.py rotate_encryption_keys re-encrypts it with the new key

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return json.loads(crypto.decrypt_str(value))

    def to_python(self, value):
        if value is None or isinstance(value, dict | list):
            return value
        return json.loads(value)

    def get_prep_value(self, value):
        if value is None:
            return None
        return crypto.encrypt_str(json.dumps(value, sort_keys=True, default=str))

    def value_to_string(self, obj):  # serialization (dumpdata) never writes the plain value
        return ""


class EncryptedBinaryField(models.BinaryField):
    """Bytes (an image), stored encrypted."""

    encrypted_at_rest = True

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return crypto.decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return super().get_db_prep_value(crypto.encrypt_bytes(bytes(value)), connection, prepared)

    def value_to_string(self, obj):
        return ""
