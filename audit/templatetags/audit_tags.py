from django import template

from audit.changes import history_for

register = template.Library()


@register.inclusion_tag("admin/audit/history_table.html")
def audit_history(obj):
    return {"entries": history_for(obj) if obj is not None and hasattr(obj, "history") else []}
