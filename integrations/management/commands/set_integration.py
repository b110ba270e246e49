import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from integrations.registry import Capability, ConfigError, providers_for
from integrations.services import configure_integration
from stays.models import Hotel


class Command(BaseCommand):
    help = (
        "Choose a hotel's provider for one capability and store its config (validated like the admin; "
        "secrets encrypted). PROVIDER 'default' returns to the environment default, 'none' switches it off."
    )

    def add_arguments(self, parser):
        parser.add_argument("hotel_code")
        parser.add_argument("capability", choices=[c.value for c in Capability])
        parser.add_argument("provider")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--config", help="JSON object with the provider's settings.")
        source.add_argument("--config-file", help="Path to a JSON file with the provider's settings.")

    def handle(self, hotel_code, capability, provider, config=None, config_file=None, **options):
        hotel = Hotel.objects.filter(code=hotel_code.strip().upper()).first()
        if hotel is None:
            raise CommandError(f"No hotel with code {hotel_code!r}.")
        try:
            raw = Path(config_file).read_text() if config_file else (config or "{}")
            data = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Config is not readable JSON: {exc}") from None
        if not isinstance(data, dict):
            raise CommandError("Config must be a JSON object.")
        try:
            stored = configure_integration(hotel=hotel, capability=capability, provider=provider, config=data)
        except LookupError:
            names = ", ".join(s.name for s in providers_for(capability)) or "none registered"
            raise CommandError(f"Unknown {capability} provider {provider!r} (choose from: {names}).") from None
        except ConfigError as exc:
            lines = "\n".join(f"  {field}: {message}" for field, message in exc.errors.items())
            raise CommandError(f"Invalid {provider} config:\n{lines}") from None
        self.stdout.write(self.style.SUCCESS(f"{hotel.code} {capability} → {provider or 'default'}"))
        self.stdout.write(json.dumps(stored, indent=2, sort_keys=True, default=str, ensure_ascii=False))
