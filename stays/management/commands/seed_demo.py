import json

from django.core.management.base import BaseCommand

from stays.services.demo import DEFAULT_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo hotels, staff, guests and stays (idempotent; dates relative to today)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of every demo account (default: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, password, format, **options):
        data = seed_demo(password=password).as_dict()
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"\nLogins (password: {password}) — admin at http://127.0.0.1:8000/admin/")
        for user in data["users"]:
            self.stdout.write(f"  {user['email']:<32} {user['role']:<12} {user['hotel'] or 'all hotels'}")
        self.stdout.write("\nStays (look one up: /api/v1/stays/lookup?confirmation=…&last_name=…)")
        for stay in data["stays"]:
            self.stdout.write(
                f"  {stay['hotel']}  {stay['confirmation_number']:<9} {stay['last_name']:<10} "
                f"{stay['status']:<12} {stay['arrival']} → {stay['departure']}"
            )
