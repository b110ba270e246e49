from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "keys"
    verbose_name = "Digital keys"

    def ready(self):
        from integrations.registry import Capability, register
        from stays.admin_extensions import register_stay_inline
        from stays.models import StaffRole
        from stays.roles import CHANGE, VIEW, grant

        from .providers.alliants import AlliantsProvider
        from .providers.mock import MockKeysProvider
        from .providers.openkey import OpenKeyProvider
        from .providers.opera_keys import OperaKeysProvider

        for provider in (MockKeysProvider, OpenKeyProvider, AlliantsProvider, OperaKeysProvider):
            register(Capability.DIGITAL_KEY, provider)

        from . import receivers  # noqa: F401
        from .admin import DigitalKeyInline

        register_stay_inline(DigitalKeyInline)
        # Front desk issues, extends and revokes keys (through the journey's actions).
        for role in (StaffRole.FRONT_DESK, StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            grant(role, "keys.digitalkey", {VIEW, CHANGE})
