"""Readable change history: who changed what, when, from which value to which (old → new).

Values are shown as staff read them (choice labels, the related row's name, dates in the active
time zone). Secrets never show: a sealed value (integrations' encrypted settings) and any field or
key named like a secret reads "changed".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from integrations import crypto

SECRET_WORDS = ("secret", "password", "token", "api_key", "apikey", "private")
HIDDEN = "changed (hidden)"
MAX_ENTRIES = 40


@dataclass
class Entry:
    when: object
    who: str
    what: str  # "Stay ABC123", "Payment #12"
    kind: str  # created / changed / deleted
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)


def _is_secret_name(name: str) -> bool:
    name = (name or "").lower()
    return any(word in name for word in SECRET_WORDS)


def _show(field_obj, value) -> str:
    if value in (None, ""):
        return "—"
    if crypto.is_sealed(value):
        return HIDDEN
    if getattr(field_obj, "choices", None):
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(field_obj, models.ForeignKey):
        target = field_obj.related_model.objects.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}"
    if isinstance(field_obj, models.DateTimeField) and hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%d %b %Y %H:%M")
    return str(value)


def _dict_changes(name: str, old: dict, new: dict) -> list[tuple[str, str, str]]:
    rows = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        label = f"{name}.{key}"
        if crypto.is_sealed(before) or crypto.is_sealed(after) or _is_secret_name(key):
            rows.append((label, "—" if before is None else "set", HIDDEN if after is not None else "removed"))
        else:
            rows.append((label, "—" if before is None else str(before), "—" if after is None else str(after)))
    return rows


def record_changes(record) -> list[tuple[str, str, str]]:
    previous = record.prev_record
    if previous is None:
        return []
    model = record.instance_type
    rows = []
    for change in record.diff_against(previous).changes:
        try:
            field_obj = model._meta.get_field(change.field)
        except Exception:  # noqa: BLE001 - a field dropped since: show its raw name and values
            field_obj = None
        name = str(getattr(field_obj, "verbose_name", change.field))
        if isinstance(change.old, dict) or isinstance(change.new, dict):
            rows.extend(_dict_changes(change.field, change.old or {}, change.new or {}))
        elif _is_secret_name(change.field):
            rows.append((name, "—", HIDDEN))
        else:
            rows.append((name, _show(field_obj, change.old), _show(field_obj, change.new)))
    return rows


KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def entries(records, *, label) -> list[Entry]:
    result = []
    for record in records:
        changes = record_changes(record) if record.history_type == "~" else []
        if record.history_type == "~" and not changes:
            continue  # a save that changed nothing staff can see
        who = record.history_user.get_username() if record.history_user_id and record.history_user else "system"
        kind = KINDS[record.history_type]
        result.append(Entry(when=record.history_date, who=who, what=label(record), kind=kind, changes=changes))
    return result


def history_for(obj) -> list[Entry]:
    """The change log shown on an object's admin page (a stay's includes its guest and its payments)."""
    label_of = obj._meta.verbose_name.capitalize()
    own = entries(obj.history.select_related("history_user")[:MAX_ENTRIES], label=lambda r: f"{label_of} {obj}")
    if obj._meta.label_lower != "stays.stay":
        return own
    from payments.models import Payment
    from stays.models import Guest

    guest = entries(
        Guest.history.filter(id=obj.guest_id).select_related("history_user")[:MAX_ENTRIES],
        label=lambda r: f"Guest {r.first_name} {r.last_name}".strip(),
    )
    payments = entries(
        Payment.history.filter(stay_id=obj.pk).select_related("history_user")[:MAX_ENTRIES],
        label=lambda r: f"Payment #{r.id} ({r.kind})",
    )
    return sorted([*own, *guest, *payments], key=lambda e: e.when, reverse=True)[:MAX_ENTRIES]
