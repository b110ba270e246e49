"""Concierge screens: the escalations queue (acknowledge, reply to the guest, resolve), the
knowledge base, the places catalogue, the settings; the conversation on the stay page."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline

from stays.admin_extensions import ReadOnlyStayInlineFormSet
from stays.admin_scoping import HotelScopedAdmin

from . import selectors, services
from .models import ConciergeSettings, Escalation, KnowledgeEntry, Message, Place


@admin.register(ConciergeSettings)
class ConciergeSettingsAdmin(HotelScopedAdmin):
    list_display = ["hotel", "emergency_number", "front_desk_phone", "daily_token_budget", "emergency_department"]
    fieldsets = [
        (None, {"fields": ["hotel", "emergency_number", "front_desk_phone", "daily_token_budget"]}),
        (
            _("Who receives escalations"),
            {"fields": ["emergency_department", "complaint_department", "billing_department", "urgent_department"]},
        ),
    ]


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(HotelScopedAdmin):
    list_display = ["title", "topic", "language", "hours", "is_active", "updated_at"]
    list_filter = ["hotel", "topic", "language", "is_active"]
    search_fields = ["title", "answer", "keywords"]
    fields = ["hotel", "topic", "language", "title", "answer", "hours", "keywords", "is_active"]


@admin.register(Place)
class PlaceAdmin(HotelScopedAdmin):
    list_display = ["name", "category", "cuisine", "price_range", "distance_m", "hours", "is_active"]
    list_filter = ["hotel", "category", "price_range", "is_active"]
    search_fields = ["name", "cuisine", "description"]


class EscalationForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Reply to the guest"),
        required=False,
        max_length=services.MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Joins the guest's conversation and reaches their app at once; acknowledges the escalation."),
    )
    mark_resolved = forms.BooleanField(label=_("Mark as resolved"), required=False)

    class Meta:
        model = Escalation
        fields = []


def _transcript(messages_qs) -> str:
    rows = format_html_join(
        "",
        '<tr><td style="white-space:nowrap">{}</td><td><strong>{}</strong></td><td>{}</td><td>{}</td></tr>',
        (
            (
                timezone.localtime(m.created_at).strftime("%d %b %H:%M"),
                m.get_role_display(),
                m.text,
                m.provider if m.role != Message.Role.GUEST else (m.category if m.requires_escalation else ""),
            )
            for m in messages_qs
        ),
    )
    return format_html("<table>{}</table>", rows) if rows else "—"


@admin.register(Escalation)
class EscalationAdmin(HotelScopedAdmin):
    """The queue: own hotel, own departments (managers see all); open first, most urgent first."""

    form = EscalationForm
    list_display = ["id", "urgency_badge", "category", "status", "stay_link", "room", "department", "raised_by",
                    "created_at", "handled_by"]  # fmt: skip
    list_filter = ["status", "category", "urgency", "department", "raised_by"]
    list_select_related = ["stay__guest", "stay__room", "acknowledged_by", "resolved_by"]
    search_fields = ["stay__confirmation_number", "stay__guest__last_name"]
    actions = ["acknowledge_selected", "resolve_selected"]
    readonly_fields = ["hotel", "stay_link", "room", "category", "urgency", "department", "status", "raised_by", "rule",
                       "created_at", "acknowledged_by", "acknowledged_at", "resolved_by", "resolved_at",
                       "conversation_transcript"]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "stay_link",
                    "room",
                    "category",
                    "urgency",
                    "department",
                    "status",
                    "raised_by",
                    "rule",
                    "created_at",
                ]
            },
        ),  # fmt: skip
        (_("Conversation"), {"fields": ["conversation_transcript"]}),
        (_("Take it"), {"fields": ["reply", "mark_resolved"]}),
        (_("Handled by"), {"fields": ["acknowledged_by", "acknowledged_at", "resolved_by", "resolved_at"]}),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("stay__guest", "stay__room", "hotel")
        return selectors.escalation_queue(request.user, qs)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("urgency"), ordering="-urgency_rank")
    def urgency_badge(self, obj):
        colours = {"critical": "#b71c1c", "high": "#e65100", "medium": "#f9a825", "low": "#607d8b"}
        return format_html(
            '<span style="color:#fff;background:{};padding:2px 6px;border-radius:3px">{}</span>',
            colours.get(obj.urgency, "#607d8b"),
            obj.get_urgency_display(),
        )

    @admin.display(description=_("stay"))
    def stay_link(self, obj):
        url = reverse("admin:stays_stay_change", args=[obj.stay_id])
        return format_html('<a href="{}">{} · {}</a>', url, obj.stay.confirmation_number, obj.stay.guest)

    @admin.display(description=_("room"))
    def room(self, obj):
        return obj.stay.room.number if obj.stay.room_id else "—"

    @admin.display(description=_("handled by"))
    def handled_by(self, obj):
        return obj.resolved_by or obj.acknowledged_by or "—"

    @admin.display(description=_("conversation"))
    def conversation_transcript(self, obj):
        return _transcript(selectors.recent_messages(obj.conversation, limit=30))

    def save_model(self, request, obj, form, change):
        # State changes go through the services, never through the form's fields.
        reply = form.cleaned_data.get("reply", "").strip()
        if reply:
            services.reply_as_staff(stay=obj.stay, user=request.user, text=reply, escalation=obj)
        if form.cleaned_data.get("mark_resolved"):
            services.resolve_escalation(escalation=obj, user=request.user)
        elif not reply and obj.status == Escalation.Status.OPEN:
            services.acknowledge_escalation(escalation=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description=_("Acknowledge selected escalations"))
    def acknowledge_selected(self, request, queryset):
        done = 0
        for escalation in queryset.exclude(status=Escalation.Status.RESOLVED):
            services.acknowledge_escalation(escalation=escalation, user=request.user)
            done += 1
        self.message_user(request, _("%d escalation(s) acknowledged.") % done, messages.SUCCESS)

    @admin.action(description=_("Resolve selected escalations"))
    def resolve_selected(self, request, queryset):
        done = 0
        for escalation in queryset.exclude(status=Escalation.Status.RESOLVED):
            services.resolve_escalation(escalation=escalation, user=request.user)
            done += 1
        self.message_user(request, _("%d escalation(s) resolved.") % done, messages.SUCCESS)


class ReadOnlyStaySection(TabularInline):
    """A read-only section of the stay page (answer escalations from the queue)."""

    formset = ReadOnlyStayInlineFormSet
    fk_name = "stay"
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConciergeMessageInline(ReadOnlyStaySection):
    model = Message
    verbose_name = _("concierge message")
    verbose_name_plural = _("Concierge conversation")
    fields = ["created_at", "role", "text", "provider", "category", "urgency"]
    readonly_fields = fields
    ordering = ["created_at", "id"]


class ConciergeEscalationInline(ReadOnlyStaySection):
    model = Escalation
    verbose_name = _("escalation")
    verbose_name_plural = _("Concierge escalations")
    fields = ["created_at", "category", "urgency", "status", "department", "raised_by"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["-created_at"]
