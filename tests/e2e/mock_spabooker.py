"""Run the mock SpaBooker for real (a thread on a free port) and point a hotel at it."""

from contextlib import contextmanager

from integrations.models import HotelIntegrations
from spa.mock_spabooker import DEMO_API_KEY, SpaBookerState, make_server


def use_spabooker(hotel, base_url: str, **extra) -> None:
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    config = {"base_url": base_url, "api_key": DEMO_API_KEY, "location_id": hotel.code, "read_timeout": 1.0, **extra}
    record.set_provider("spa", "spabooker", config)
    record.save()


@contextmanager
def running_mock_spabooker(**state_options):
    server = make_server("127.0.0.1", 0, state=SpaBookerState(**state_options))
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()
