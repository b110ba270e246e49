from django.apps import AppConfig


class SpaConfig(AppConfig):
    name = "spa"
    verbose_name = "Spa"

    def ready(self):
        from integrations.registry import Capability, register
        from stays import roles

        from .providers.mindbody import MindbodySpa
        from .providers.mock import MockSpa
        from .providers.spabooker import SpaBookerSpa

        for provider in (MockSpa, SpaBookerSpa, MindbodySpa):
            register(Capability.SPA, provider)
        # Front desk books and cancels for guests; managers and hotel admins also set the policy.
        roles.grant(roles.StaffRole.FRONT_DESK, "spa.spabooking", {roles.VIEW, roles.CHANGE})
        for role in (roles.StaffRole.MANAGER, roles.StaffRole.HOTEL_ADMIN):
            roles.grant(role, "spa.spabooking", {roles.VIEW, roles.CHANGE})
            roles.grant(role, "spa.spasettings", {roles.VIEW, roles.ADD, roles.CHANGE})

        from stays.admin_extensions import register_stay_buttons

        from .admin import spa_stay_buttons

        register_stay_buttons(spa_stay_buttons)
