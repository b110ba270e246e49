"""An OHIP-shaped mock of Oracle OPERA Cloud: a real HTTP server (`manage.py run_mock_opera`) with an
in-memory state holding the demo hotels' reservations. It speaks the same API the `opera` PMS
provider calls, token endpoint included, so the platform can be tried and tested end to end offline.
"""

from .server import MockOperaServer, make_server
from .state import DEMO_APP_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_HOTEL_ID, MockOperaState

__all__ = [
    "DEMO_APP_KEY",
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "DEMO_HOTEL_ID",
    "MockOperaServer",
    "MockOperaState",
    "make_server",
]
