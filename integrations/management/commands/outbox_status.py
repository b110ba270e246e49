"""`manage.py outbox_status [--hotel CODE] [--format json]`: outbox counts by status."""

import json

from django.core.management.base import BaseCommand, CommandError

from integrations.notifications.models import Notification
from integrations.notifications.selectors import outbox_status


class Command(BaseCommand):
    help = "Show notification outbox counts by status and the age of the oldest undelivered row."

    def add_arguments(self, parser):
        parser.add_argument("--hotel", help="Hotel code (default: all hotels).")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, hotel=None, format="text", **options):
        hotel_id = None
        if hotel:
            Hotel = Notification._meta.get_field("hotel").related_model
            hotel_id = Hotel.objects.filter(code=hotel.strip().upper()).values_list("pk", flat=True).first()
            if hotel_id is None:
                raise CommandError(f"No hotel with code {hotel!r}.")
        status = outbox_status(hotel_id=hotel_id)
        status["hotel"] = hotel.strip().upper() if hotel else None
        if format == "json":
            self.stdout.write(json.dumps(status, indent=2))
            return
        self.stdout.write(f"Outbox{' of ' + status['hotel'] if hotel else ''}:")
        for name, count in status["counts"].items():
            self.stdout.write(f"  {name:<8} {count}")
        self.stdout.write(f"  {'total':<8} {status['total']}")
        age = status["oldest_pending_age_seconds"]
        self.stdout.write(f"Oldest undelivered: {'none' if age is None else f'{age:.0f} s'}")
