"""Hooks for other apps to add sections and actions to the stay page without stays importing them.

In an app's `AppConfig.ready()`:

    from stays.admin_extensions import register_stay_inline, register_stay_action
    register_stay_inline(PaymentLedgerInline)
    register_stay_action(capture_hold_action)
"""

from django.forms.models import BaseInlineFormSet

STAY_INLINES: list = []
STAY_ACTIONS: list = []


def register_stay_inline(inline_class) -> None:
    if inline_class not in STAY_INLINES:
        STAY_INLINES.append(inline_class)


def register_stay_action(action) -> None:
    if action not in STAY_ACTIONS:
        STAY_ACTIONS.append(action)


class ReadOnlyStayInlineFormSet(BaseInlineFormSet):
    """For read-only sections of the stay page (ledger, notifications, ...): a posted stay form
    carries no forms for them, and one posted without their management data still validates."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            prefix = kwargs.get("prefix") or self.get_default_prefix()
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, **kwargs)
