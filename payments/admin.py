"""Front-desk payment screens: the ledger on the stay page, capture / release / refund with
guardrails (enforced by the services, before any provider call), and a reconciliation list."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline

from mystay.api.errors import ApiError
from stays.admin_extensions import ReadOnlyStayInlineFormSet
from stays.admin_scoping import HotelScopedAdmin, user_hotel_id

from . import selectors
from .models import Payment, PaymentKind, PaymentStatus, WebhookEvent
from .money import format_money
from .services import holds, refunds
from .services.refunds import REFUND_REASONS, refundable_amount


def _money(amount, currency):
    return format_money(amount, currency)


def operation_links(payment: Payment) -> str:
    links = []
    now = timezone.now()
    if payment.kind == PaymentKind.HOLD and payment.status == PaymentStatus.AUTHORIZED:
        if not payment.expires_at or payment.expires_at > now:
            links.append((reverse("admin:payments_payment_capture", args=[payment.pk]), _("Capture…")))
            links.append((reverse("admin:payments_payment_release", args=[payment.pk]), _("Release…")))
    if payment.kind in (PaymentKind.HOLD, PaymentKind.CHARGE, PaymentKind.TIP) and payment.status in (
        PaymentStatus.CAPTURED,
        PaymentStatus.SUCCEEDED,
    ):
        if payment.amount_refunded < payment.amount_captured:
            links.append((reverse("admin:payments_payment_refund", args=[payment.pk]), _("Refund…")))
    return format_html_join(" · ", '<a href="{}">{}</a>', links) if links else "—"


class PaymentLedgerInline(TabularInline):
    """The stay's ledger, read-only, with links to capture, release and refund."""

    model = Payment
    formset = ReadOnlyStayInlineFormSet
    fk_name = "stay"
    verbose_name = _("ledger entry")
    verbose_name_plural = _("Payments ledger")
    fields = [
        "created_at",
        "kind",
        "status",
        "amount_",
        "authorized",
        "captured",
        "refunded",
        "attention",
        "operations",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["created_at", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("amount"))
    def amount_(self, obj):
        return _money(obj.amount, obj.currency)

    @admin.display(description=_("authorized"))
    def authorized(self, obj):
        return _money(obj.amount_authorized, obj.currency) if obj.is_payment else ""

    @admin.display(description=_("captured"))
    def captured(self, obj):
        return _money(obj.amount_captured, obj.currency) if obj.is_payment else ""

    @admin.display(description=_("refunded"))
    def refunded(self, obj):
        return _money(obj.amount_refunded, obj.currency) if obj.is_payment else ""

    @admin.display(description=_("operations"))
    def operations(self, obj):
        return operation_links(obj)


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(attention="")
        if self.value() == "no":
            return queryset.filter(attention="")
        return queryset


AMOUNT_MAX_DIGITS = 12  # the ledger stores 14 digits; staff never type more than 10 before the point


class CaptureForm(forms.Form):
    amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=2,
        help_text=_("Leave blank to capture the full authorized amount."),
    )


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=2,
        help_text=_("Leave blank to refund everything still refundable."),
    )
    # One-time token: a double-submitted form answers with the first refund instead of a second one.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    reason = forms.ChoiceField(
        required=False, choices=[("", "—")] + [(r, r.replace("_", " ").capitalize()) for r in REFUND_REASONS]
    )


class ReleaseForm(forms.Form):
    pass


class PlaceHoldForm(forms.Form):
    amount = forms.DecimalField(min_value=0, max_digits=AMOUNT_MAX_DIGITS, decimal_places=2)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)


@admin.register(Payment)
class PaymentAdmin(HotelScopedAdmin):
    list_display = [
        "created_at",
        "stay_link",
        "kind",
        "status",
        "amount_",
        "captured",
        "refunded",
        "flag",
        "stripe_payment_intent_id",
    ]
    list_filter = [
        "status",
        "kind",
        ("created_at", admin.DateFieldListFilter),
        NeedsAttentionFilter,
        "disputed",
        "hotel",
    ]
    search_fields = [
        "stay__confirmation_number",
        "stripe_payment_intent_id",
        "stripe_charge_id",
        "stripe_refund_id",
        "=public_id",
    ]
    list_select_related = ["stay", "hotel"]
    date_hierarchy = "created_at"
    actions = ["capture_selected", "release_selected", "refund_selected"]
    fields = [
        "hotel",
        "stay",
        "parent",
        "kind",
        "status",
        "operations",
        "currency",
        "amount",
        "amount_authorized",
        "amount_captured",
        "amount_refunded",
        "description",
        "details",
        "attention",
        "disputed",
        "failure_code",
        "failure_message",
        "provider",
        "stripe_payment_intent_id",
        "stripe_charge_id",
        "stripe_refund_id",
        "stripe_customer_id",
        "stripe_payment_method_id",
        "idempotency_key",
        "authorized_at",
        "expires_at",
        "completed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # -- columns ---------------------------------------------------------------------------------------
    @admin.display(description=_("stay"), ordering="stay__confirmation_number")
    def stay_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:stays_stay_change", args=[obj.stay_id]), obj.stay.confirmation_number
        )

    @admin.display(description=_("amount"), ordering="amount")
    def amount_(self, obj):
        return _money(obj.amount, obj.currency)

    @admin.display(description=_("captured"))
    def captured(self, obj):
        return _money(obj.amount_captured, obj.currency) if obj.is_payment else ""

    @admin.display(description=_("refunded"))
    def refunded(self, obj):
        return _money(obj.amount_refunded, obj.currency) if obj.is_payment else ""

    @admin.display(description=_("attention"))
    def flag(self, obj):
        # Only real problems show: a healthy row stays blank instead of carrying a red cross.
        if not obj.attention:
            return ""
        return format_html('<span class="fd-badge fd-bad" title="{}">⚠ {}</span>', obj.attention, obj.attention[:40])

    @admin.display(description=_("operations"))
    def operations(self, obj):
        return operation_links(obj)

    # -- capture / release / refund pages --------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/capture/", view(self.capture_view), name="payments_payment_capture"),
            path("<int:pk>/release/", view(self.release_view), name="payments_payment_release"),
            path("<int:pk>/refund/", view(self.refund_view), name="payments_payment_refund"),
            path("place-hold/<int:stay_pk>/", view(self.place_hold_view), name="payments_payment_place_hold"),
            *super().get_urls(),
        ]

    def _payment_for_change(self, request, pk) -> Payment:
        payment = self.get_object(request, str(pk))  # scoped to the user's hotel
        if payment is None or not self.has_change_permission(request, payment):
            raise PermissionDenied
        return payment

    def _operation_view(self, request, pk, *, form_class, title, intro, submit, perform):
        payment = self._payment_for_change(request, pk)
        form = form_class(request.POST if request.method == "POST" else None, initial={"token": uuid.uuid4()})
        if request.method == "POST" and form.is_valid():
            try:
                message = perform(payment, form.cleaned_data)
            except ApiError as exc:
                messages.error(request, str(exc.detail))
            else:
                messages.success(request, message)
                return redirect(reverse("admin:stays_stay_change", args=[payment.stay_id]))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "submit": submit,
            "form": form,
            "payment": payment,
            "opts": self.model._meta,
            "stay_url": reverse("admin:stays_stay_change", args=[payment.stay_id]),
        }
        return TemplateResponse(request, "admin/payments/payment/operation.html", context)

    def capture_view(self, request, pk):
        def perform(payment, data):
            row = holds.capture_hold(hold=payment, amount=data.get("amount"), actor=request.user)
            return f"Captured {_money(row.amount, row.currency)} on stay {payment.stay.confirmation_number}."

        payment = self._payment_for_change(request, pk)
        return self._operation_view(
            request,
            pk,
            form_class=CaptureForm,
            title=_("Capture hold"),
            intro=f"Authorized: {_money(payment.amount_authorized, payment.currency)}. "
            "Capturing less releases the rest to the guest.",
            submit=_("Capture"),
            perform=perform,
        )

    def release_view(self, request, pk):
        def perform(payment, data):
            holds.release_hold(hold=payment, actor=request.user)
            return f"Released the hold of {_money(payment.amount_authorized, payment.currency)}."

        payment = self._payment_for_change(request, pk)
        return self._operation_view(
            request,
            pk,
            form_class=ReleaseForm,
            title=_("Release hold"),
            intro=f"Release the hold of {_money(payment.amount_authorized, payment.currency)}? "
            "The guest's bank frees the money; it can no longer be captured.",
            submit=_("Release"),
            perform=perform,
        )

    def refund_view(self, request, pk):
        def perform(payment, data):
            token = data.get("token")
            row = refunds.refund_payment(
                payment=payment,
                amount=data.get("amount"),
                reason=data.get("reason") or None,
                actor=request.user,
                client_key=f"admin-refund-{token}" if token else "",
            )
            return f"Refund of {_money(row.amount, row.currency)}: {row.get_status_display().lower()}."

        payment = self._payment_for_change(request, pk)
        return self._operation_view(
            request,
            pk,
            form_class=RefundForm,
            title=_("Refund"),
            intro=f"Captured {_money(payment.amount_captured, payment.currency)}; "
            f"{_money(refundable_amount(payment), payment.currency)} can still be refunded.",
            submit=_("Refund"),
            perform=perform,
        )

    def place_hold_view(self, request, stay_pk):
        """Place an authorization hold on the guest's saved card for a stay of the user's hotel."""
        from stays.models import Stay

        if not self.has_change_permission(request):
            raise PermissionDenied
        stays = Stay.objects.select_related("hotel", "guest")
        hotel_id = user_hotel_id(request)
        if not request.user.is_superuser:
            stays = stays.filter(hotel_id=hotel_id) if hotel_id is not None else stays.none()
        stay = get_object_or_404(stays, pk=stay_pk)
        stay_url = reverse("admin:stays_stay_change", args=[stay.pk])
        currency = stay.hotel.currency.upper()
        default = holds.default_hold_amount(stay)
        form = PlaceHoldForm(
            request.POST if request.method == "POST" else None, initial={"amount": default, "token": uuid.uuid4()}
        )
        if request.method == "POST" and form.is_valid():
            token = form.cleaned_data.get("token")
            try:
                hold = holds.place_hold_for_stay(
                    stay=stay,
                    amount=form.cleaned_data["amount"],
                    actor=request.user,
                    client_key=f"admin-hold-{token}" if token else "",
                )
            except ApiError as exc:
                messages.error(request, str(exc.detail))
            else:
                text = (
                    f"Hold of {_money(hold.amount, hold.currency)} on stay {stay.confirmation_number}: "
                    f"{hold.get_status_display().lower()}."
                )
                if hold.status == PaymentStatus.AUTHORIZED:
                    messages.success(request, text)
                else:
                    messages.warning(request, f"{text} {hold.failure_message}".strip())
                return redirect(stay_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Place hold"),
            "intro": f"Authorize an amount in {currency} on the guest's saved card (not charged until "
            f"captured). Suggested: {stay.nights or 1} night(s) × deposit = {_money(default, currency)}.",
            "submit": _("Place hold"),
            "form": form,
            "stay": stay,
            "opts": self.model._meta,
            "stay_url": stay_url,
        }
        return TemplateResponse(request, "admin/payments/payment/place_hold.html", context)

    # -- list actions: they open the same pages -------------------------------------------------------
    def _single(self, request, queryset, url_name):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one payment for this action."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse(url_name, args=[queryset.get().pk]))

    @admin.action(description=_("Capture hold (full or part)…"), permissions=["change"])
    def capture_selected(self, request, queryset):
        return self._single(request, queryset, "admin:payments_payment_capture")

    @admin.action(description=_("Release hold…"), permissions=["change"])
    def release_selected(self, request, queryset):
        return self._single(request, queryset, "admin:payments_payment_release")

    @admin.action(description=_("Refund (full or part)…"), permissions=["change"])
    def refund_selected(self, request, queryset):
        return self._single(request, queryset, "admin:payments_payment_refund")


# -- actions on the stay list (registered through stays.admin_extensions) ------------------------------
def _stay_hold_redirect(modeladmin, request, queryset, url_name):
    holds_ = list(selectors.live_holds_for_stays(queryset.values("pk")))
    if len(holds_) != 1:
        modeladmin.message_user(
            request,
            _("Select a stay with exactly one authorized hold (found %(n)d).") % {"n": len(holds_)},
            messages.WARNING,
        )
        return None
    return HttpResponseRedirect(reverse(url_name, args=[holds_[0].pk]))


@admin.action(description=_("Capture the stay's hold…"), permissions=["change"])
def capture_stay_hold(modeladmin, request, queryset):
    return _stay_hold_redirect(modeladmin, request, queryset, "admin:payments_payment_capture")


@admin.action(description=_("Place hold…"), permissions=["change"])
def place_stay_hold(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Select exactly one stay to place a hold."), messages.WARNING)
        return None
    return HttpResponseRedirect(reverse("admin:payments_payment_place_hold", args=[queryset.get().pk]))


@admin.action(description=_("Release the stay's hold…"), permissions=["change"])
def release_stay_holds(modeladmin, request, queryset):
    return _stay_hold_redirect(modeladmin, request, queryset, "admin:payments_payment_release")


@admin.register(WebhookEvent)
class WebhookEventAdmin(HotelScopedAdmin):
    list_display = ["received_at", "type", "event_id", "outcome", "payment", "hotel"]
    list_filter = ["outcome", "type", "hotel"]
    search_fields = ["event_id", "type"]
    readonly_fields = [
        "event_id",
        "type",
        "hotel",
        "payment",
        "livemode",
        "created",
        "outcome",
        "detail",
        "received_at",
    ]
    exclude = ["payload"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
