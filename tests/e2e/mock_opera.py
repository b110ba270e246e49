"""Fixtures that run the mock OPERA server for real (a thread on a free port) and point a hotel at it."""

from contextlib import contextmanager

from integrations.models import HotelIntegrations
from stays.mock_opera import (
    DEMO_APP_KEY,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_HOTEL_ID,
    MockOperaState,
    make_server,
)


def opera_config(base_url: str, **extra) -> dict:
    return {
        "base_url": base_url,
        "client_id": DEMO_CLIENT_ID,
        "client_secret": DEMO_CLIENT_SECRET,
        "app_key": DEMO_APP_KEY,
        "hotel_id": DEMO_HOTEL_ID,
        # Short timeouts: a PMS that is down must cost a lookup well under a second or two.
        "connect_timeout": 0.5,
        "read_timeout": 1.0,
        **extra,
    }


def use_opera(hotel, base_url: str, **extra) -> None:
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider("pms", "opera", opera_config(base_url, **extra))
    record.save()


@contextmanager
def running_mock_opera(**state_options):
    """A mock OPERA server on a free port, serving from a thread until the block ends."""
    server = make_server("127.0.0.1", 0, state=MockOperaState(**state_options))
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()
