"""Front-desk screens for identity documents: the document on the stay page with Verify / Reject,
the list of documents pending verification (its own entry on the admin index), per-hotel settings.

Who sees what: front desk, managers and hotel admins see documents (status, validation codes) and
may verify or reject them; the fields and the image are shown only to users with
`ocr.view_identityfields` (those three roles by default, see ocr/apps.py), and every such view is
recorded (IdentityDocumentAccess: who, when, what).
"""

from __future__ import annotations

import base64

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from stays.admin_extensions import ReadOnlyStayInlineFormSet, StayButton
from stays.admin_scoping import HotelScopedAdmin, user_hotel_id

from . import services
from .exceptions import IdentityDocumentError
from .models import IdentityDocument, IdentityDocumentAccess, OcrSettings, PendingIdentityDocument
from .providers.base import CORRECTABLE_FIELDS

FIELDS_PERMISSION = "ocr.view_identityfields"


def can_see_fields(user) -> bool:
    return user.is_active and user.has_perm(FIELDS_PERMISSION)


def _issues(items) -> str:
    if not items:
        return "—"
    return format_html_join(
        "", "<div><code>{}</code> {}</div>", ((i.get("code", ""), i.get("message", "")) for i in items)
    )


class IdentityDocumentAdmin(HotelScopedAdmin):
    list_display = ["stay", "guest", "document_type", "issuing_country", "status", "valid", "review", "created_at"]
    list_filter = ["status", "document_type"]
    search_fields = ["stay__confirmation_number", "guest__last_name"]
    list_select_related = ["stay", "guest"]
    fields = [
        "stay",
        "guest",
        "document_type",
        "issuing_country",
        "status",
        "provider",
        "confidence",
        "validation_errors",
        "validation_warnings",
        "identity_fields",
        "image_preview",
        "corrected_fields",
        "verified_by",
        "verified_at",
        "rejected_by",
        "rejected_at",
        "rejection_reason",
        "purged_at",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description=_("valid"))
    def valid(self, obj):
        return obj.is_valid

    @admin.display(boolean=True, description=_("needs review"))
    def review(self, obj):
        return obj.needs_review

    @admin.display(description=_("errors"))
    def validation_errors(self, obj):
        return _issues((obj.validation or {}).get("errors"))

    @admin.display(description=_("warnings"))
    def validation_warnings(self, obj):
        return _issues((obj.validation or {}).get("warnings"))

    @admin.display(description=_("fields read"))
    def identity_fields(self, obj):
        request = getattr(self, "_request", None)
        if obj.data is None:
            return _("Erased (retention period over).") if obj.purged_at else "—"
        if request is None or not can_see_fields(request.user):
            return _("Hidden: your role may not see identity data.")
        # Once per page view: the admin theme (unfold) may render a read-only field more than once.
        if getattr(request, "_identity_fields_recorded", None) != obj.pk:
            services.record_access(document=obj, user=request.user)
            request._identity_fields_recorded = obj.pk
        rows = ((name.replace("_", " "), obj.data.get(name) or "—") for name in CORRECTABLE_FIELDS)
        return format_html("<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))

    @admin.display(description=_("image"))
    def image_preview(self, obj):
        request = getattr(self, "_request", None)
        if not obj.image:
            return _("Not kept (the hotel does not store document images).") if not obj.purged_at else "—"
        if request is None or not can_see_fields(request.user):
            return _("Hidden: your role may not see identity data.")
        services.record_access(document=obj, user=request.user, what=IdentityDocumentAccess.What.IMAGE)
        data = base64.b64encode(obj.image).decode()
        return format_html('<img src="data:{};base64,{}" style="max-width:600px">', obj.image_content_type, data)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._request = request  # the read-only displays above need the user (and record the view)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<int:pk>/verify/", self.admin_site.admin_view(self.verify_view), name="{}_{}_verify".format(*info)),
            path("<int:pk>/reject/", self.admin_site.admin_view(self.reject_view), name="{}_{}_reject".format(*info)),
            *super().get_urls(),
        ]

    def _document(self, request, pk) -> IdentityDocument:
        document = get_object_or_404(IdentityDocument.objects.select_related("stay"), pk=pk)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        return document

    def _back(self, request, document):
        return redirect(request.POST.get("next") or reverse("admin:stays_stay_change", args=[document.stay_id]))

    def verify_view(self, request, pk):
        document = self._document(request, pk)
        if request.method != "POST":
            raise PermissionDenied
        try:
            services.verify_identity_document(document=document, user=request.user)
            messages.success(request, _("Identity document verified."))
        except IdentityDocumentError as exc:
            messages.error(request, exc.message)
        return self._back(request, document)

    def reject_view(self, request, pk):
        document = self._document(request, pk)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.reject_identity_document(document=document, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Identity document rejected; the guest can send another one."))
            return self._back(request, document)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject identity document"),
            "form": form,
            "document": document,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/ocr/reject.html", context)


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_("Shown to the guest, who can send another document."),
    )


class PendingIdentityDocumentAdmin(IdentityDocumentAdmin):
    """The documents waiting for the front desk, oldest first: one click from the admin index."""

    list_filter = ["document_type"]
    ordering = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=IdentityDocument.Status.PENDING, purged_at__isnull=True)


class OcrSettingsAdmin(HotelScopedAdmin):
    list_display = ["hotel", "minimum_age", "retention_days", "store_images"]


class IdentityDocumentAccessAdmin(HotelScopedAdmin):
    hotel_field = "document__hotel"
    list_display = ["viewed_at", "user", "document", "what"]
    list_filter = ["what"]
    readonly_fields = ["viewed_at", "user", "document", "what"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(IdentityDocument, IdentityDocumentAdmin)
admin.site.register(PendingIdentityDocument, PendingIdentityDocumentAdmin)
admin.site.register(OcrSettings, OcrSettingsAdmin)
admin.site.register(IdentityDocumentAccess, IdentityDocumentAccessAdmin)


# --- the stay page ----------------------------------------------------------------------------


class IdentityDocumentInline(admin.TabularInline):
    model = IdentityDocument
    formset = ReadOnlyStayInlineFormSet
    fk_name = "stay"
    extra = 0
    can_delete = False
    verbose_name_plural = _("Identity document")
    fields = [
        "open",
        "document_type",
        "issuing_country",
        "status",
        "confidence",
        "problems",
        "verified_by",
        "verified_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("document"))
    def open(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:ocr_identitydocument_change", args=[obj.pk]),
            _("Open (fields are recorded as viewed)"),
        )

    @admin.display(description=_("validation"))
    def problems(self, obj):
        validation = obj.validation or {}
        codes = [i.get("code") for i in validation.get("errors", []) + validation.get("warnings", [])]
        return ", ".join(codes) or _("valid")


def identity_buttons(request, stay) -> list[StayButton]:
    if not request.user.has_perm("ocr.change_identitydocument"):
        return []
    if user_hotel_id(request) not in (None, stay.hotel_id):
        return []
    document = IdentityDocument.objects.filter(stay_id=stay.pk, guest_id=stay.guest_id).first()
    if document is None or document.purged_at is not None:
        return []
    buttons = []
    if document.status != IdentityDocument.Status.VERIFIED:
        buttons.append(
            StayButton(
                label=_("Verify ID"),
                url=reverse("admin:ocr_identitydocument_verify", args=[document.pk]),
                method="post",
                style="primary",
                group="identity",
                disabled=not document.is_valid,
                title=_("Checked against the guest at the desk") if document.is_valid else _("The document has errors"),
            )
        )
    if document.status != IdentityDocument.Status.REJECTED:
        buttons.append(
            StayButton(
                label=_("Reject ID…"),
                url=reverse("admin:ocr_identitydocument_reject", args=[document.pk]),
                style="danger",
                group="identity",
            )
        )
    return buttons
