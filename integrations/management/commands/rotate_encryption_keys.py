from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from integrations import crypto
from integrations.models import CAPABILITY_FIELDS, HotelIntegrations


def encrypted_fields(model) -> list[str]:
    """The model's columns encrypted with the key ring. Fields declare it (`encrypted_at_rest`), so
    this command needs no list of the apps that keep encrypted data (identity documents ...)."""
    return [f.attname for f in model._meta.concrete_fields if getattr(f, "encrypted_at_rest", False)]


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored integration secret and every encrypted model field (identity "
        "documents' fields and images ...) with the first key of FIELD_ENCRYPTION_KEYS."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        for record in HotelIntegrations.objects.select_for_update():
            changed = False
            for capability in CAPABILITY_FIELDS:
                config = record.raw_config(capability)
                for key, value in config.items():
                    if crypto.is_sealed(value):
                        config[key] = {crypto.ENC_MARKER: crypto.rotate_str(value[crypto.ENC_MARKER])}
                        changed = True
                        count += 1
                setattr(record, f"{capability}_config", config)
            if changed:
                record.save()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} secret(s)."))
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if fields and not model._meta.proxy:
                rows = self._rotate_rows(model, fields)
                self.stdout.write(self.style.SUCCESS(f"Re-encrypted {rows} {model._meta.label} row(s)."))

    @staticmethod
    def _rotate_rows(model, fields: list[str]) -> int:
        """Each row read (any key of the ring decrypts) and written back (the first key encrypts).
        `update()` rather than `save()`: no signals, no history rows, no auto_now dates move."""
        manager = model._base_manager
        rows = 0
        locked = manager.select_for_update().only("pk", *fields).order_by("pk")
        for row in locked.iterator(chunk_size=100):
            values = {name: getattr(row, name) for name in fields}
            if any(value is not None for value in values.values()):
                manager.filter(pk=row.pk).update(**values)
                rows += 1
        return rows
