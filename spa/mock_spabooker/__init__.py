"""A mock SpaBooker: a real HTTP server (`manage.py run_mock_spabooker`) speaking the REST contract
MyStay defines for SpaBooker (see `spa/providers/spabooker.py`), with the demo hotels' treatments and
therapists in memory and real slot arithmetic (opening hours, durations, buffers, no therapist booked
twice). The `spabooker` provider is tested end to end against it."""

from .server import DEMO_API_KEY, SpaBookerServer, make_server
from .state import SpaBookerState

__all__ = ["DEMO_API_KEY", "SpaBookerServer", "SpaBookerState", "make_server"]
