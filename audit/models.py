"""The audit trail: django-simple-history keeps a copy of each row at every change (who, when, what).

The historical tables of every audited model live in this app, so that the audited apps (stays,
payments, integrations) need no migration of their own for it. Audited: stays, rooms, guests,
hotels, the payments ledger (every capture, release, refund is a change of a row) and each hotel's
integration settings (their secrets are stored sealed, as in the live table, and shown as
"changed", see audit.changes). Bulk `update()` calls bypass history: services save rows instead.
"""

from simple_history import register

from integrations.models import HotelIntegrations
from payments.models import Payment
from stays.models import Guest, Hotel, Room, Stay, User


def history_user(request=None, **kwargs):
    """The staff member behind a change: a signed-in admin or a staff token. A guest (the API's
    GuestPrincipal) or a system job records no user ("system" on the pages)."""
    user = getattr(request, "user", None) if request is not None else None
    return user if isinstance(user, User) and user.is_authenticated else None


def _audit(model, **options):
    register(model, app="audit", get_user=history_user, **options)


_audit(Stay, excluded_fields=["updated_at", "pms_synced_at", "guest_token_generation"])
_audit(Room)
_audit(Guest, excluded_fields=["updated_at", "last_name_key"])
_audit(Hotel, excluded_fields=["updated_at"])
_audit(Payment, excluded_fields=["updated_at"])
_audit(HotelIntegrations, excluded_fields=["updated_at", "last_checks"])
