"""Hooks for other apps to add sections and actions to the stay page without stays importing them.

In an app's `AppConfig.ready()`:

    from stays.admin_extensions import register_stay_inline, register_stay_action
    register_stay_inline(PaymentLedgerInline)
    register_stay_action(capture_hold_action)
"""

from dataclasses import dataclass

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


# --- Buttons on the stay page ---------------------------------------------------------------
# The stay page (the front desk's cockpit) shows action buttons that other apps contribute: the
# journey (check in, check out, keys), ocr (verify / reject ID), payments (place / capture / release
# hold), spa (book for the guest). Each app registers a function in its AppConfig.ready():
#
#     register_stay_buttons(journey_buttons)   # journey_buttons(request, stay) -> list[StayButton]
#
# and the function returns only the buttons that make sense for this stay and this user's
# permissions. A button with method "get" is a link to a page (a confirmation form, say); one with
# method "post" is a one-click form posted with the CSRF token to `url`.

STAY_BUTTON_PROVIDERS: list = []


@dataclass(frozen=True)
class StayButton:
    label: str
    url: str
    method: str = "get"  # "get": link to a page; "post": one-click form with CSRF
    style: str = "default"  # "primary" | "default" | "danger"
    group: str = "journey"  # which section of the page: journey, payments, keys, identity, spa, ...
    title: str = ""  # tooltip: why it is there, or why it is disabled
    disabled: bool = False


def register_stay_buttons(provider) -> None:
    if provider not in STAY_BUTTON_PROVIDERS:
        STAY_BUTTON_PROVIDERS.append(provider)


def stay_buttons(request, stay) -> list[StayButton]:
    buttons: list[StayButton] = []
    for provider in STAY_BUTTON_PROVIDERS:
        buttons.extend(provider(request, stay))
    return buttons
