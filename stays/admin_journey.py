"""The front desk does any step of the journey for the guest, from the stay page: check in (with a
room chosen from the ready rooms), check out (same capture/release rules as the guest), issue /
extend / revoke the key. Each page is a confirmation form (GET) posted with CSRF (POST) that calls
the same services as the guest API, so a desk check-in and an online one leave identical records.
Scoped to the user's hotel; check-in/out need `stays.change_stay`, key actions
`keys.change_digitalkey`. The buttons reach the stay page through `register_stay_buttons`.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from unfold.admin import TabularInline

from mystay.api.errors import ApiError
from stays.admin_extensions import ReadOnlyStayInlineFormSet, StayButton
from stays.admin_scoping import HotelScopedAdmin, user_hotel_id

from .models import JourneySettings, JourneyStep, Room, Stay
from .selectors import journey_state
from .services import checkin, checkout
from .services.rooms import assignable_rooms

STATE_ORDER = ("identity", "card", "hold", "registration", "room", "key", "balance")


# -- access -----------------------------------------------------------------------------------------
def _stay_for(request, pk, permission: str = "stays.change_stay") -> Stay:
    """The stay if it belongs to the user's hotel and the user may act on it; 404 otherwise (a stay
    of another hotel does not exist for them)."""
    if not request.user.has_perm(permission):
        raise Http404
    stays = Stay.objects.select_related("hotel", "guest", "room")
    hotel_id = user_hotel_id(request)
    if hotel_id is not None:
        stays = stays.filter(hotel_id=hotel_id)
    elif not request.user.is_superuser:
        raise Http404
    stay = stays.filter(pk=pk).first()
    if stay is None:
        raise Http404
    return stay


def _key_for(request, pk):
    from keys.models import DigitalKey

    key = DigitalKey.objects.select_related("stay", "hotel").filter(pk=pk).first()
    if key is None:
        raise Http404
    _stay_for(request, key.stay_id, "keys.change_digitalkey")
    return key


def _stay_url(stay) -> str:
    return reverse("admin:stays_stay_change", args=[stay.pk])


class TokenForm(forms.Form):
    # A one-time token per page: a double submission is one operation (the idempotency key).
    token = forms.UUIDField(widget=forms.HiddenInput)


def _page(request, stay, *, action, title, intro, submit, form, preview=None, blockers=None):
    state = journey_state(stay)
    context = {
        **admin.site.each_context(request),
        "title": title,
        "intro": intro,
        "submit": submit,
        "form": form,
        "stay": stay,
        "action": action,
        "stay_url": _stay_url(stay),
        "state": state,
        "state_rows": [(name, state[name]) for name in STATE_ORDER],
        "preview": preview,
        "blockers": blockers if blockers is not None else state["blockers"],
        "opts": Stay._meta,
        # The theme's header trail: Stays › Stays › this stay (a link back to its page).
        "original": stay,
    }
    return TemplateResponse(request, "admin/stays/journey/action.html", context)


def _action(request, stay, form, perform, *, valid=None, context=None, **page):
    """The confirmation page (GET), or the action (valid POST): `perform()` returns the message shown
    back on the stay page. A refused action (an ApiError) shows its message on this page again.
    `context()` adds what the page shows, computed after any attempt (e.g. a fresh folio)."""
    if valid is None:
        valid = request.method == "POST" and form.is_valid()
    if valid:
        try:
            message = perform()
        except ApiError as exc:
            messages.error(request, f"{exc.detail} ({exc.error_code})")
            stay.refresh_from_db()
        else:
            messages.success(request, message)
            return redirect(_stay_url(stay))
    return _page(request, stay, form=form, **page, **(context() if context else {}))


# -- check in ---------------------------------------------------------------------------------------
class CheckinForm(TokenForm):
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=True, label="Room")
    id_checked_at_desk = forms.BooleanField(required=False, label="ID document checked at the desk")

    def __init__(self, *args, stay, **kwargs):
        super().__init__(*args, **kwargs)
        choices = assignable_rooms(stay)  # ready, vacant; the booked type first, upgrades flagged
        labels = {choice.room.pk: choice.label for choice in choices}
        room_ids = list(labels)
        if stay.room_id and stay.room_id not in labels:  # the stay's own room, even if not ready
            room_ids.insert(0, stay.room_id)
        order = Case(*[When(pk=pk, then=position) for position, pk in enumerate(room_ids)])
        self.fields["room"].queryset = (
            Room.objects.filter(pk__in=room_ids).order_by(order) if room_ids else Room.objects.none()
        )
        self.fields["room"].label_from_instance = lambda r: labels.get(
            r.pk, f"{r.number} · {r.room_type} · {r.get_status_display()}"
        )
        self.fields["room"].initial = stay.room_id or (room_ids[0] if room_ids else None)
        self.fields["room"].widget.attrs["id"] = "journey-room"
        self.fields["id_checked_at_desk"].widget.attrs["id"] = "journey-id-checked"


def checkin_view(request, pk):
    stay = _stay_for(request, pk)
    finishing = stay.status == Stay.Status.CHECKED_IN
    form_class = TokenForm if finishing else CheckinForm
    kwargs = {} if finishing else {"stay": stay}
    form = form_class(request.POST or None, initial={"token": uuid.uuid4()}, **kwargs)

    def perform():
        result = checkin.complete_checkin(
            stay=stay,
            actor=request.user,
            room=form.cleaned_data.get("room"),
            id_checked_at_desk=form.cleaned_data.get("id_checked_at_desk", False),
        )
        if result.waiting_for_room:
            return "Checked in online; the room is not ready yet."
        room = result.stay.room.number if result.stay.room_id else "-"
        return f"{stay.guest.full_name} is checked in to room {room}."

    return _action(
        request,
        stay,
        form,
        perform,
        action="checkin",
        title="Finish check-in" if finishing else "Check in",
        intro="Places the card hold (if any), checks the guest in at the PMS, issues the digital key and "
        "sends the confirmation. Steps already done are not repeated.",
        submit="Finish check-in" if finishing else "Check in",
    )


# -- check out --------------------------------------------------------------------------------------
class CheckoutForm(TokenForm):
    settled_at_desk = forms.BooleanField(
        required=False, label="Balance above the hold paid at the desk (do not charge the saved card)"
    )


def _checkout_context(stay) -> dict:
    """The folio and what check-out will do with it, or why it cannot run."""
    if stay.status != Stay.Status.CHECKED_IN:
        return {"blockers": [{"code": "not_checked_in", "message": "Only a checked-in stay can be checked out."}]}
    try:
        preview = checkout.checkout_preview(stay)
    except ApiError as exc:  # the PMS cannot give the folio now
        return {"blockers": [{"code": exc.error_code, "message": str(exc.detail)}]}
    return {"preview": preview, "blockers": preview.blockers}


def checkout_view(request, pk):
    stay = _stay_for(request, pk)
    form = CheckoutForm(request.POST or None, initial={"token": uuid.uuid4()})
    form.fields["settled_at_desk"].widget.attrs["id"] = "journey-settled-at-desk"

    def perform():
        result = checkout.check_out_stay(
            stay=stay,
            actor=request.user,
            idempotency_key=f"admin-{form.cleaned_data['token']}",
            settled_at_desk=form.cleaned_data["settled_at_desk"],
        )
        summary = result.preview
        message = (
            f"{stay.guest.full_name} is checked out: captured {summary.get('captured', '0')}, released "
            f"{summary.get('released', '0')}, charged {summary.get('charged', '0')} {summary.get('currency', '')}."
        )
        if result.keys_still_live:
            message += " A key could not be revoked at the vendor: revoke it from the stay page."
        return message

    return _action(
        request,
        stay,
        form,
        perform,
        context=lambda: _checkout_context(stay),
        action="checkout",
        title="Check out",
        intro="Takes the folio's balance from the card hold (the rest is released; above the hold, the saved "
        "card is charged), checks the guest out at the PMS, revokes the keys and sends the receipt.",
        submit="Check out",
    )


# -- keys ---------------------------------------------------------------------------------------------
def issue_key_view(request, pk):
    from keys.services import issue_key_for_stay

    stay = _stay_for(request, pk, "keys.change_digitalkey")
    form = TokenForm(request.POST or None, initial={"token": uuid.uuid4()})

    def perform():
        if stay.online_checkin_status != Stay.CheckinStatus.COMPLETED and request.user.has_perm("stays.change_stay"):
            # Finishing a check-in whose key failed: the key, then the guest's confirmation.
            checkin.complete_checkin(stay=stay, actor=request.user)
            return f"Key issued and check-in of {stay.guest.full_name} completed."
        key = issue_key_for_stay(stay=stay, actor=request.user)
        if key is None:
            return "This hotel issues no digital keys."
        return f"Key issued for room {key.room_number}."

    return _action(
        request,
        stay,
        form,
        perform,
        action="issue-key",
        title="Issue key",
        intro="Issues the guest's mobile key for their room (once: a repeated issue returns the same key).",
        submit="Issue key",
    )


class ExtendKeyForm(TokenForm):
    valid_until = forms.DateTimeField(
        label="Valid until (hotel time)", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


def extend_key_view(request, pk):
    from keys.services import extend_key

    key = _key_for(request, pk)
    stay = _stay_for(request, key.stay_id, "keys.change_digitalkey")
    local_end = key.valid_until.astimezone(stay.hotel.tzinfo).replace(tzinfo=None)
    form = ExtendKeyForm(request.POST or None, initial={"token": uuid.uuid4(), "valid_until": local_end})
    form.fields["valid_until"].widget.attrs["id"] = "journey-valid-until"
    with timezone.override(stay.hotel.tzinfo):  # the time typed is the hotel's
        valid = request.method == "POST" and form.is_valid()

    def perform():
        extended = extend_key(key=key, valid_until=form.cleaned_data["valid_until"], actor=request.user)
        end = extended.valid_until.astimezone(stay.hotel.tzinfo)
        return f"Key for room {extended.room_number} now valid until {end:%Y-%m-%d %H:%M}."

    return _action(
        request,
        stay,
        form,
        perform,
        valid=valid,
        action="extend-key",
        title="Extend key",
        intro=f"Key for room {key.room_number}, valid until {local_end:%Y-%m-%d %H:%M} (hotel time).",
        submit="Extend key",
    )


def revoke_key_view(request, pk):
    from keys.services import revoke_key

    key = _key_for(request, pk)
    stay = _stay_for(request, key.stay_id, "keys.change_digitalkey")
    form = TokenForm(request.POST or None, initial={"token": uuid.uuid4()})

    def perform():
        revoke_key(key=key, actor=request.user, reason="staff")
        return f"Key for room {key.room_number} revoked."

    return _action(
        request,
        stay,
        form,
        perform,
        action="revoke-key",
        title="Revoke key",
        intro=f"The key for room {key.room_number} stops opening the door.",
        submit="Revoke key",
    )


def _view(function):
    return admin.site.admin_view(function)


urlpatterns = [
    path("stay/<int:pk>/check-in/", _view(checkin_view), name="journey_checkin"),
    path("stay/<int:pk>/check-out/", _view(checkout_view), name="journey_checkout"),
    path("stay/<int:pk>/issue-key/", _view(issue_key_view), name="journey_issue_key"),
    path("key/<int:pk>/extend/", _view(extend_key_view), name="journey_extend_key"),
    path("key/<int:pk>/revoke/", _view(revoke_key_view), name="journey_revoke_key"),
]


# -- the stay page's buttons ------------------------------------------------------------------------
def journey_buttons(request, stay) -> list[StayButton]:
    """Buttons for what can be done now, for this user (permissions) and this stay (state)."""
    from keys.selectors import current_key
    from keys.services import key_provider

    user = request.user
    buttons: list[StayButton] = []
    can_stay = user.has_perm("stays.change_stay")
    can_key = user.has_perm("keys.change_digitalkey")
    if can_stay and stay.status == Stay.Status.CONFIRMED:
        waiting = stay.online_checkin_status == Stay.CheckinStatus.ROOM_NOT_READY
        buttons.append(
            StayButton(
                label="Assign room and check in…" if waiting else "Check in…",
                url=reverse("journey_checkin", args=[stay.pk]),
                style="primary",
                title="Checked in online, waiting for a ready room." if waiting else "",
            )
        )
    if can_stay and stay.status == Stay.Status.CHECKED_IN:
        if stay.online_checkin_status != Stay.CheckinStatus.COMPLETED:
            buttons.append(
                StayButton(
                    label="Finish check-in…",
                    url=reverse("journey_checkin", args=[stay.pk]),
                    style="primary",
                    title="The key or the confirmation is not done yet.",
                )
            )
        buttons.append(StayButton(label="Check out…", url=reverse("journey_checkout", args=[stay.pk])))
    if can_key and stay.status == Stay.Status.CHECKED_IN and key_provider(stay.hotel) is not None:
        key = current_key(stay)
        if key is not None and key.status == "active":
            buttons.append(
                StayButton(label="Extend key…", url=reverse("journey_extend_key", args=[key.pk]), group="keys")
            )
            buttons.append(
                StayButton(
                    label="Revoke key…", url=reverse("journey_revoke_key", args=[key.pk]), group="keys", style="danger"
                )
            )
        else:
            buttons.append(
                StayButton(label="Issue key…", url=reverse("journey_issue_key", args=[stay.pk]), group="keys")
            )
    if can_key and key_provider(stay.hotel) is not None and stay.status != Stay.Status.CHECKED_IN:
        key = current_key(stay)
        if key is not None and key.is_live:  # e.g. a stay checked out while the vendor was down
            buttons.append(
                StayButton(
                    label="Revoke key…", url=reverse("journey_revoke_key", args=[key.pk]), group="keys", style="danger"
                )
            )
    return buttons


# -- settings and the steps' record ------------------------------------------------------------------
class JourneyStepInline(TabularInline):
    model = JourneyStep
    formset = ReadOnlyStayInlineFormSet
    fields = ("step", "status", "attempts", "channel", "actor", "error_code", "error_message", "completed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Check-in and check-out steps"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JourneySettings)
class JourneySettingsAdmin(HotelScopedAdmin):
    list_display = (
        "hotel",
        "checkin_opens_days_before",
        "early_checkin_allowed",
        "require_identity_document",
        "require_card_hold",
        "terms_version",
        "online_checkout_allowed",
    )

    def has_delete_permission(self, request, obj=None):
        return False
