"""The `alliants` digital-key provider: keys delivered in the Alliants (AXP) guest app.

Public facts (PROVIDERS.md §5, [docs]): staff issue a key from the booking once the guest is
checked in and has a room; keys can be issued automatically at check-in; keys are revoked per key
and delivered over BLE/NFC in the guest app.

UNCONFIRMED: Alliants publishes no partner REST API, authentication scheme or webhook format. This
adapter speaks the neutral key-session contract (`_sessions.py`) with a bearer API key, so a hotel
can point it at Alliants' endpoint (or an integration gateway) once Alliants provides one. Nothing
here is confirmed by Alliants: check paths, fields and auth with them before going live.
"""

from integrations.registry import ConfigField

from ._sessions import KeySessionProvider
from .openkey import COMMON_TIMEOUTS


class AlliantsProvider(KeySessionProvider):
    name = "alliants"
    label = "Alliants AXP (guest-app keys)"
    config_fields = (
        ConfigField(
            "base_url",
            type="url",
            required=True,
            env="DIGITAL_KEY_BASE_URL",
            help="The key API URL Alliants gives you (no public default).",
        ),
        ConfigField("property_id", required=True, env="DIGITAL_KEY_PROPERTY_ID", help="Alliants property / site id."),
        ConfigField("api_key", required=True, secret=True, env="DIGITAL_KEY_API_KEY", help="Bearer API key."),
        ConfigField("max_devices", type="int", default=2, help="Devices that may hold the key."),
        *COMMON_TIMEOUTS,
    )

    def _configure_auth(self, config) -> None:
        self.http.session.headers["Authorization"] = f"Bearer {config['api_key']}"
