from django.apps import AppConfig


class ConciergeConfig(AppConfig):
    name = "concierge"
    verbose_name = "Concierge"

    def ready(self):
        from integrations.registry import Capability, register
        from stays.admin_extensions import register_stay_inline
        from stays.models import StaffRole
        from stays.roles import ADD, CHANGE, DELETE, VIEW, grant
        from stays.services.demo import demo_seeded

        from .admin import ConciergeEscalationInline, ConciergeMessageInline
        from .demo import seed_concierge_demo
        from .providers.local import LocalConcierge
        from .providers.mock import MockConcierge
        from .providers.openai import OpenAIConcierge

        for provider in (LocalConcierge, OpenAIConcierge, MockConcierge):
            register(Capability.CONCIERGE, provider)

        register_stay_inline(ConciergeEscalationInline)
        register_stay_inline(ConciergeMessageInline)
        demo_seeded.connect(seed_concierge_demo, dispatch_uid="concierge-demo")

        # Everyone at the desk works the escalations queue and reads conversations and the hotel's
        # knowledge; managers and hotel admins also edit the knowledge base, places and settings.
        for role in (StaffRole.FRONT_DESK, StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            grant(role, "concierge.escalation", {VIEW, CHANGE})
            grant(role, "concierge.message", {VIEW})
            grant(role, "concierge.knowledgeentry", {VIEW})
            grant(role, "concierge.place", {VIEW})
        for role in (StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            for model in ("concierge.knowledgeentry", "concierge.place"):
                grant(role, model, {VIEW, ADD, CHANGE, DELETE})
            grant(role, "concierge.conciergesettings", {VIEW, ADD, CHANGE})
