"""Hooks for other apps to add sections and actions to the stay page without stays importing them.

In an app's `AppConfig.ready()`:

    from stays.admin_extensions import register_stay_inline, register_stay_action
    register_stay_inline(PaymentLedgerInline)
    register_stay_action(capture_hold_action)
"""

STAY_INLINES: list = []
STAY_ACTIONS: list = []


def register_stay_inline(inline_class) -> None:
    if inline_class not in STAY_INLINES:
        STAY_INLINES.append(inline_class)


def register_stay_action(action) -> None:
    if action not in STAY_ACTIONS:
        STAY_ACTIONS.append(action)
