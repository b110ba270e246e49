import json

from django.core.management.base import BaseCommand

from spa.mock_spabooker import DEMO_API_KEY, SpaBookerState, make_server


class Command(BaseCommand):
    help = "Run the mock SpaBooker server with the demo hotels' treatments and therapists (state in memory)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=4011)
        parser.add_argument("--api-key", default=DEMO_API_KEY, help="The key clients must send (Bearer).")
        parser.add_argument("--verbose", action="store_true", help="Log each request (method and path only).")

    def handle(self, *args, host, port, api_key, verbose, **options):
        state = SpaBookerState()
        server = make_server(host, port, state=state, api_key=api_key, quiet=not verbose)
        self.stdout.write(self.style.SUCCESS(f"Mock SpaBooker listening on {server.base_url}"))
        self.stdout.write(f"Locations: {', '.join(sorted(state.locations))} (appointments reset on restart).")
        self.stdout.write("Point a demo hotel at it with:")
        for code in sorted(state.locations):
            config = {"base_url": server.base_url, "api_key": api_key, "location_id": code}
            self.stdout.write(f"  manage.py set_integration {code} spa spabooker --config '{json.dumps(config)}'")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
