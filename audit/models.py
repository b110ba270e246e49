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
from stays.models import Guest, Hotel, Room, Stay

register(Stay, app="audit", excluded_fields=["updated_at", "pms_synced_at"])
register(Room, app="audit")
register(Guest, app="audit", excluded_fields=["updated_at", "last_name_key"])
register(Hotel, app="audit", excluded_fields=["updated_at"])
register(Payment, app="audit", excluded_fields=["updated_at"])
register(HotelIntegrations, app="audit", excluded_fields=["updated_at", "last_checks"])
