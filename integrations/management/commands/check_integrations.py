import json

from django.core.management.base import BaseCommand, CommandError

from integrations.services import check_hotel
from stays.models import Hotel


class Command(BaseCommand):
    help = "Test every integration of every hotel (or one); exit code 1 when a configured one is down."

    def add_arguments(self, parser):
        parser.add_argument("--hotel", help="Hotel code (default: all active hotels).")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, hotel=None, format="table", **options):
        hotels = Hotel.objects.filter(is_active=True)
        if hotel:
            hotels = hotels.filter(code=hotel.strip().upper())
            if not hotels.exists():
                raise CommandError(f"No active hotel with code {hotel!r}.")
        rows = []
        for h in hotels:
            for result in check_hotel(h):
                rows.append({"hotel": h.code, **result.__dict__, "ms": round(result.ms, 1)})
        down = [r for r in rows if r["configured"] and not r["ok"]]
        if format == "json":
            self.stdout.write(json.dumps({"results": rows, "down": len(down)}, indent=2))
        else:
            self.stdout.write(f"{'hotel':<6} {'capability':<12} {'provider':<14} {'status':<14} {'ms':>8}  detail")
            for r in rows:
                status = "up" if r["ok"] else ("DOWN" if r["configured"] else "not configured")
                self.stdout.write(
                    f"{r['hotel']:<6} {r['capability']:<12} {r['provider'] or '-':<14} {status:<14} "
                    f"{r['ms']:>8.1f}  {r['detail'] if r['configured'] else ''}"
                )
        if down:
            # Exit code 1 for monitoring (CommandError would print a traceback-free message and exit 1).
            raise SystemExit(1)
