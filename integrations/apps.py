from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations"

    def ready(self):
        from .channels.email import DjangoEmailChannel, SmtpEmailChannel
        from .channels.fcm import FcmPush
        from .channels.mock import MockChannel
        from .channels.twilio import TwilioSms
        from .registry import Capability, register

        register(Capability.EMAIL, DjangoEmailChannel)
        register(Capability.EMAIL, SmtpEmailChannel)
        register(Capability.SMS, TwilioSms)
        register(Capability.PUSH, FcmPush)
        for capability in (Capability.EMAIL, Capability.SMS, Capability.PUSH):
            register(capability, MockChannel)

        # Admin wiring only: who may see the outbox and retry it (stays owns the role table).
        from stays.roles import CHANGE, VIEW, StaffRole, grant

        for role in (StaffRole.FRONT_DESK, StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            grant(role, "integrations.notification", {VIEW, CHANGE})
