from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "stays"
    verbose_name = "Stays"

    def ready(self):
        from integrations.registry import Capability, register

        from . import roles, signals  # noqa: F401
        from .providers.cloudbeds import CloudbedsPms
        from .providers.mews import MewsPms
        from .providers.mock import MockPms
        from .providers.opera import OperaPms

        register(Capability.PMS, MockPms)
        for provider in (OperaPms, MewsPms, CloudbedsPms):
            register(Capability.PMS, provider)
        # The guest journey on the stay page: its buttons (check in/out, keys) and its steps' record.
        from .admin_extensions import register_stay_buttons, register_stay_inline
        from .admin_journey import JourneyStepInline, journey_buttons

        register_stay_buttons(journey_buttons)
        register_stay_inline(JourneyStepInline)
        roles.grant(roles.StaffRole.HOTEL_ADMIN, "stays.journeysettings", {roles.VIEW, roles.ADD, roles.CHANGE})
        roles.grant(roles.StaffRole.MANAGER, "stays.journeysettings", {roles.VIEW})
        # Managers and hotel admins read their hotel's PMS sync history in the admin.
        for role in (roles.StaffRole.MANAGER, roles.StaffRole.HOTEL_ADMIN):
            roles.grant(role, "stays.pmssyncrun", {roles.VIEW})
