"""What each staff role may do in the admin, as Django model permissions on role groups.

Apps add their own models to ROLE_PERMISSIONS from their AppConfig.ready() through `grant()`.
Hotel scoping (a staff member sees only their hotel's rows) is enforced separately by the admin.
"""

from django.contrib.auth.models import Group, Permission

from .models import StaffRole

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"

# role -> {"app_label.model": {actions}}
ROLE_PERMISSIONS: dict[str, dict[str, set[str]]] = {
    StaffRole.FRONT_DESK: {
        "stays.hotel": {VIEW},
        "stays.room": {VIEW, CHANGE},
        "stays.guest": {VIEW, ADD, CHANGE},
        "stays.stay": {VIEW, ADD, CHANGE},
    },
    StaffRole.MANAGER: {
        "stays.hotel": {VIEW},
        "stays.room": {VIEW, ADD, CHANGE},
        "stays.guest": {VIEW, ADD, CHANGE},
        "stays.stay": {VIEW, ADD, CHANGE, DELETE},
        "stays.user": {VIEW},
        "integrations.hotelintegrations": {VIEW},
    },
    StaffRole.HOTEL_ADMIN: {
        "stays.hotel": {VIEW, CHANGE},
        "stays.room": {VIEW, ADD, CHANGE, DELETE},
        "stays.guest": {VIEW, ADD, CHANGE, DELETE},
        "stays.stay": {VIEW, ADD, CHANGE, DELETE},
        "stays.user": {VIEW, ADD, CHANGE},
        "integrations.hotelintegrations": {VIEW, ADD, CHANGE},
    },
}


def grant(role: str, model_label: str, actions: set[str]) -> None:
    ROLE_PERMISSIONS.setdefault(role, {}).setdefault(model_label, set()).update(actions)


def group_name(role: str) -> str:
    return f"role:{role}"


def ensure_role_groups() -> None:
    for role, models in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name(role))
        wanted = []
        for label, actions in models.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        group.permissions.set(wanted)


def sync_user_role_group(user) -> None:
    if user.is_superuser:
        return
    role_groups = list(Group.objects.filter(name__startswith="role:"))
    wanted = [g for g in role_groups if g.name == group_name(user.role)] if user.role else []
    if not wanted and user.role:
        ensure_role_groups()
        wanted = list(Group.objects.filter(name=group_name(user.role)))
    current = set(user.groups.filter(name__startswith="role:").values_list("pk", flat=True))
    if current != {g.pk for g in wanted}:
        user.groups.remove(*[g for g in role_groups if g.pk in current])
        user.groups.add(*wanted)
