"""Admin screens of the integrations app."""

from . import admin_settings  # noqa: F401  (the per-hotel integrations page)
from .notifications import admin as notifications_admin  # noqa: F401,E402  (the outbox and its stay section)
