import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from stays.models import Hotel, PmsSyncRun
from stays.services.pms_sync import sync_hotel


class Command(BaseCommand):
    help = "Pull a day's arrivals, in-house guests and departures from a hotel's PMS and upsert the local stays."

    def add_arguments(self, parser):
        parser.add_argument("--hotel", required=True, help="Hotel code, e.g. PAR.")
        parser.add_argument("--date", help="Hotel-local date YYYY-MM-DD (default: the hotel's today).")

    def handle(self, *args, hotel, date, **options):
        found = Hotel.objects.filter(code=hotel.strip().upper()).first()
        if found is None:
            raise CommandError(f"No hotel with code {hotel!r}.")
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD.") from None
        run = sync_hotel(hotel=found, day=day)
        seconds = run.duration.total_seconds() if run.duration else 0.0
        summary = (
            f"{found.code} {run.business_date}: {run.total} reservations, {run.created} created, "
            f"{run.updated} updated, {run.unchanged} unchanged, {run.skipped} skipped in {seconds:.2f}s"
        )
        if run.status != PmsSyncRun.Status.SUCCEEDED:
            raise CommandError(f"PMS sync failed for {found.code}: {run.error}")
        self.stdout.write(self.style.SUCCESS(summary))
