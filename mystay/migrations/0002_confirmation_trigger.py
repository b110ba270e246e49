"""The lookup's per-process list of stays per confirmation number (stays/overview_cache.py) is
dropped whenever a stay is inserted, deleted or changes its number. PostgreSQL only, as 0001."""

from django.db import migrations

from stays.overview_cache import overview_trigger_sql

TRIGGER = overview_trigger_sql(
    "stays_stay", "confirmation", "confirmation_number", name="stays_stay_confirmation_changed"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER[0])


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER[1])


class Migration(migrations.Migration):
    dependencies = [("mystay", "0001_overview_triggers")]
    operations = [migrations.RunPython(forward, backward)]
