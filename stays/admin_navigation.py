"""The admin's sidebar (unfold SIDEBAR navigation) and stylesheet: the front desk's pages first
(Today, stays, rooms, guests), then every other app's models the user may see."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

FRONT_DESK = [
    ("stays", "stay", "luggage"),
    ("stays", "room", "bed"),
    ("stays", "guest", "person"),
]
APP_ICONS = {
    "payments": "payments",
    "integrations": "hub",
    "keys": "key",
    "spa": "spa",
    "ocr": "badge",
    "concierge": "forum",
    "auth": "group",
}


def styles(request):
    return static("stays/frontdesk.css")


def sidebar(request):
    apps = admin.site.get_app_list(request)
    models = {(app["app_label"], m["object_name"].lower()): m for app in apps for m in app["models"]}
    front = [{"title": _("Today"), "icon": "today", "link": reverse("admin:index")}]
    shown = set()
    for app_label, model, icon in FRONT_DESK:
        entry = models.get((app_label, model))
        if entry and entry.get("admin_url"):
            front.append({"title": entry["name"], "icon": icon, "link": entry["admin_url"]})
            shown.add((app_label, model))
    groups = [{"title": _("Front desk"), "separator": False, "items": front}]
    for app in apps:
        items = [
            {"title": m["name"], "icon": APP_ICONS.get(app["app_label"], "chevron_right"), "link": m["admin_url"]}
            for m in app["models"]
            if m.get("admin_url") and (app["app_label"], m["object_name"].lower()) not in shown
        ]
        if items:
            groups.append({"title": app["name"], "separator": True, "collapsible": True, "items": items})
    return groups
