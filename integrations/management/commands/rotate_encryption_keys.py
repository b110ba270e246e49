from django.core.management.base import BaseCommand
from django.db import transaction

from integrations import crypto
from integrations.models import CAPABILITY_FIELDS, HotelIntegrations


class Command(BaseCommand):
    help = "Re-encrypt every stored integration secret with the first key of FIELD_ENCRYPTION_KEYS."

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
