"""Admin screens of the integrations app."""

from . import admin_settings  # noqa: F401  (the per-hotel integrations page)
