"""The `openkey` digital-key provider: OpenKey mobile-key sessions, HTTP Basic per property.

Public facts (PROVIDERS.md §5, [docs]): PMS integrations authenticate with HTTP Basic credentials
OpenKey provisions per property; a mobile-key session per reservation is keyed by the guest's
mobile number (with country code), the room and the check-out date/time; changing the room or the
departure updates the session and check-out ends it.

UNCONFIRMED: the endpoint reference is under NDA. The base URL default (https://api.openkey.co) comes
from a third-party template, and paths/fields follow the neutral session contract in
`_sessions.py`. Check both against OpenKey's documentation before going live.
"""

from integrations.registry import ConfigField

from ._sessions import KeySessionProvider

COMMON_TIMEOUTS = (
    ConfigField("connect_timeout", type="float", help="Seconds; blank for the platform default."),
    ConfigField("read_timeout", type="float", help="Seconds; blank for the platform default."),
)


class OpenKeyProvider(KeySessionProvider):
    name = "openkey"
    label = "OpenKey (mobile keys)"
    requires_phone = True  # sessions are keyed by the guest's mobile number
    config_fields = (
        ConfigField(
            "base_url",
            type="url",
            default="https://api.openkey.co",
            env="DIGITAL_KEY_BASE_URL",
            help="OpenKey API URL (unconfirmed default; use the one OpenKey gives you).",
        ),
        ConfigField("property_id", required=True, env="DIGITAL_KEY_PROPERTY_ID", help="OpenKey property id."),
        ConfigField("username", required=True, help="HTTP Basic user provisioned by OpenKey for this property."),
        ConfigField("password", required=True, secret=True, env="DIGITAL_KEY_API_KEY", help="HTTP Basic password."),
        ConfigField("max_devices", type="int", default=2, help="Phones that may hold the key."),
        *COMMON_TIMEOUTS,
    )

    def _configure_auth(self, config) -> None:
        self.http.session.auth = (config["username"], config["password"])
