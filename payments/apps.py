from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self):
        from integrations.registry import Capability, register
        from stays.admin_extensions import register_stay_action, register_stay_inline
        from stays.models import StaffRole
        from stays.roles import CHANGE, VIEW, grant

        from .providers.mock import MockPayments
        from .providers.stripe import StripePayments

        register(Capability.PAYMENT, StripePayments)
        register(Capability.PAYMENT, MockPayments)

        from .admin import PaymentLedgerInline, capture_stay_hold, place_stay_hold, release_stay_holds

        register_stay_inline(PaymentLedgerInline)
        register_stay_action(place_stay_hold)
        register_stay_action(capture_stay_hold)
        register_stay_action(release_stay_holds)

        # Front desk captures, releases and refunds; managers and hotel admins too. Nobody adds or
        # deletes ledger rows by hand.
        for role in (StaffRole.FRONT_DESK, StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            grant(role, "payments.payment", {VIEW, CHANGE})
        for role in (StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            grant(role, "payments.webhookevent", {VIEW})
