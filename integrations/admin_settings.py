"""The per-hotel integrations page: choose each provider, edit its settings as generated fields,
"Test connection" per capability. Secrets are write-only: shown as set/not set, blank keeps them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from stays.admin_scoping import HotelScopedAdmin

from . import crypto
from .manager import env_default_choice
from .models import HotelIntegrations
from .registry import Capability, ConfigError, ConfigField, get_spec, providers_for
from .services import test_connection

FIELD_SEP = "__"


def _field_name(capability: Capability, provider: str, field: ConfigField) -> str:
    return f"{capability.value}{FIELD_SEP}{provider}{FIELD_SEP}{field.name}"


def _form_field(field: ConfigField) -> forms.Field:
    common = {"required": False, "help_text": field.help, "label": field.name.replace("_", " ").capitalize()}
    if field.secret:
        return forms.CharField(widget=forms.PasswordInput(render_value=False), **common)
    if field.type == "bool":
        return forms.NullBooleanField(**common)
    if field.type == "int":
        return forms.IntegerField(**common)
    if field.type == "float":
        return forms.FloatField(**common)
    if field.type == "choice":
        return forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in field.choices]], **common)
    if field.type == "json":
        return forms.JSONField(**common)
    if field.type == "url":
        return forms.URLField(assume_scheme="https", **common)
    return forms.CharField(**common)


class IntegrationsFormBase(forms.ModelForm):
    class Meta:
        model = HotelIntegrations
        fields = ["hotel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = self.instance
        for capability in Capability:
            chosen = record.provider_name(capability) if record.pk else ""
            self.fields[f"{capability.value}_provider"].initial = chosen
            stored = record.raw_config(capability) if record.pk else {}
            for spec in providers_for(capability):
                for field in spec.config_fields:
                    name = _field_name(capability, spec.name, field)
                    if field.secret:
                        is_set = spec.name == chosen and field.name in stored
                        self.fields[name].help_text = (
                            f"{'Set (stored encrypted)' if is_set else 'Not set'}. Leave blank to keep. {field.help}"
                        ).strip()
                    elif spec.name == chosen and field.name in stored:
                        self.fields[name].initial = stored[field.name]
                    elif field.default is not None:
                        self.fields[name].initial = field.default

    def clean(self):
        cleaned = super().clean()
        self._configs = {}
        for capability in Capability:
            provider = cleaned.get(f"{capability.value}_provider") or ""
            config = {}
            for spec in providers_for(capability):
                if spec.name != provider:
                    continue
                for field in spec.config_fields:
                    value = cleaned.get(_field_name(capability, spec.name, field))
                    if value not in (None, ""):
                        config[field.name] = value
            probe = HotelIntegrations(
                **{
                    f"{c.value}_{k}": getattr(self.instance, f"{c.value}_{k}")
                    for c in Capability
                    for k in ("provider", "config")
                }
            )
            try:
                probe.set_provider(capability, provider, config)
            except ConfigError as exc:
                for field_name, message in exc.errors.items():
                    spec_field = next(
                        (
                            f
                            for s in providers_for(capability)
                            if s.name == provider
                            for f in s.config_fields
                            if f.name == field_name
                        ),
                        None,
                    )
                    target = _field_name(capability, provider, spec_field) if spec_field else None
                    self.add_error(target, message)
            self._configs[capability] = (provider, config)
        return cleaned

    def save(self, commit=True):
        record = self.instance
        for capability, (provider, config) in self._configs.items():
            record.set_provider(capability, provider, config)
        return super().save(commit)


def build_form_class():
    """The form's fields come from the registry, so a new provider appears here without code changes."""
    attrs = {}
    for capability in Capability:
        env_name, _ = env_default_choice(capability)
        choices = [("", f"Environment default ({env_name or 'none'})"), ("none", "Switched off")]
        choices += [(s.name, s.label) for s in providers_for(capability)]
        attrs[f"{capability.value}_provider"] = forms.ChoiceField(
            choices=choices, required=False, label=f"{capability.value.replace('_', ' ').title()} provider"
        )
        for spec in providers_for(capability):
            for field in spec.config_fields:
                attrs[_field_name(capability, spec.name, field)] = _form_field(field)
    return type("HotelIntegrationsForm", (IntegrationsFormBase,), attrs)


@admin.register(HotelIntegrations)
class HotelIntegrationsAdmin(HotelScopedAdmin):
    list_display = [
        "hotel",
        "pms_provider",
        "payment_provider",
        "digital_key_provider",
        "spa_provider",
        "ocr_provider",
        "concierge_provider",
        "health_summary",
        "updated_at",
    ]
    list_filter = ["hotel", "pms_provider", "payment_provider"]
    readonly_fields = ["connection_checks", "connection_status", "settings_summary", "version", "updated_at"]
    change_form_template = "admin/integrations/hotelintegrations/change_form.html"

    def _view_only(self, request, obj) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._view_only(request, obj):
            kwargs["fields"] = []  # a manager reads the settings (settings_summary); nothing is editable
            return super().get_form(request, obj, change, **kwargs)
        kwargs["form"] = build_form_class()
        kwargs["fields"] = None
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if self._view_only(request, obj):
            return [(None, {"fields": ["hotel", "settings_summary", "connection_status", "version", "updated_at"]})]
        fieldsets = [(None, {"fields": ["hotel", "connection_checks", "version", "updated_at"]})]
        for capability in Capability:
            fields = [f"{capability.value}_provider"]
            for spec in providers_for(capability):
                fields += [_field_name(capability, spec.name, f) for f in spec.config_fields]
            fieldsets.append(
                (
                    capability.value.replace("_", " ").title(),
                    {
                        "fields": fields,
                        "description": "Fill in the settings of the provider you choose; "
                        "settings of other providers are ignored.",
                        "classes": ["integration-capability"],
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("hotel")
        return fields

    @admin.display(description="Health")
    def health_summary(self, obj):
        checks = obj.last_checks or {}
        if not checks:
            return "not tested"
        down = [c for c, r in checks.items() if not r.get("ok")]
        return f"{len(checks) - len(down)} up, {len(down)} down" if down else f"{len(checks)} up"

    def _checks_table(self, obj, *, with_buttons: bool):
        rows = []
        for capability in Capability:
            check = (obj.last_checks or {}).get(capability.value)
            status = ("✅ up" if check["ok"] else "❌ down") if check else "—"
            when = f"{check['checked_at'][:19].replace('T', ' ')} UTC, {check['ms']} ms" if check else ""
            button = ""
            if with_buttons:
                # A POST of the page's own form (its CSRF token included) to the test URL: no GET has effects.
                url = reverse("admin:integrations_test_connection", args=[obj.pk, capability.value])
                button = format_html(
                    '<button type="submit" class="button" formaction="{}" formmethod="post" formnovalidate>'
                    "Test connection</button>",
                    url,
                )
            rows.append((capability.value, status, when, (check or {}).get("detail", ""), button))
        return format_html(
            "<table><tr><th>capability</th><th>last result</th><th>when</th><th>detail</th><th></th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description="Test connection")
    def connection_checks(self, obj):
        if obj is None or obj.pk is None:
            return "Save first, then test each connection."
        return self._checks_table(obj, with_buttons=True)

    @admin.display(description="Connection checks")
    def connection_status(self, obj):
        return self._checks_table(obj, with_buttons=False)

    @admin.display(description="Settings")
    def settings_summary(self, obj):
        """Read-only view of each capability's provider and settings; secrets only as set / not set."""
        rows = []
        for capability in Capability:
            provider = obj.provider_name(capability) or "environment default"
            stored = obj.raw_config(capability)
            try:
                secret_names = get_spec(capability, obj.provider_name(capability)).secret_fields
            except LookupError:  # a provider no longer registered: show no value at all
                secret_names = set(stored)
            settings_text = ", ".join(
                f"{name}: {'set' if name in secret_names else value}" for name, value in sorted(stored.items())
            )
            rows.append((capability.value, provider, settings_text or "—"))
        return format_html(
            "<table><tr><th>capability</th><th>provider</th><th>settings</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/test/<str:capability>/",
                self.admin_site.admin_view(self.test_connection_view),
                name="integrations_test_connection",
            ),
            *super().get_urls(),
        ]

    def test_connection_view(self, request, pk, capability):
        # It calls the vendor and records the result: a POST (CSRF-checked by admin_view) by someone who
        # may change the integrations, never a link a view-only manager or another site can trigger.
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        try:
            capability = Capability(capability)
        except ValueError:
            messages.error(request, "Unknown capability.")
        else:
            result = test_connection(hotel=record.hotel, capability=capability)
            level = messages.SUCCESS if result.ok else messages.ERROR
            text = "up" if result.ok else f"down ({result.detail})"
            if not result.configured:
                level, text = messages.WARNING, "not configured"
            messages.add_message(
                request, level, f"{capability.value}: {result.provider or '-'} {text} in {result.ms:.0f} ms."
            )
        return HttpResponseRedirect(reverse("admin:integrations_hotelintegrations_change", args=[record.pk]))


__all__ = ["HotelIntegrationsAdmin", "crypto"]
