import json

from django.core.management.base import BaseCommand

from stays.mock_opera import (
    DEMO_APP_KEY,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_HOTEL_ID,
    MockOperaState,
    make_server,
)


class Command(BaseCommand):
    help = "Run the mock OPERA Cloud (OHIP) server with the demo hotels' reservations (state in memory)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=4010)
        parser.add_argument(
            "--reservations", type=int, default=0, help="Generate N extra reservations for the demo hotel (bench)."
        )
        parser.add_argument("--token-ttl", type=int, default=3600, help="Seconds an access token lives.")
        parser.add_argument("--verbose", action="store_true", help="Log each request (method and path only).")

    def handle(self, *args, host, port, reservations, token_ttl, verbose, **options):
        state = MockOperaState(extra_reservations=reservations, token_ttl=token_ttl)
        server = make_server(host, port, state=state, quiet=not verbose)
        config = {
            "base_url": server.base_url,
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "app_key": DEMO_APP_KEY,
            "hotel_id": DEMO_HOTEL_ID,
        }
        self.stdout.write(self.style.SUCCESS(f"Mock OPERA listening on {server.base_url}"))
        self.stdout.write(f"{len(state.reservations)} reservations in memory (reset on restart).")
        self.stdout.write("Demo credentials (local mock only) — point a hotel at it with:")
        self.stdout.write(f"  manage.py set_integration PAR pms opera --config '{json.dumps(config)}'")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
