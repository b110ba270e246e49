"""Triggers that tell every web process when a guest's stay overview changes (stays/overview_cache.py).

PostgreSQL only: elsewhere (the SQLite demo) the overview is not cached, so there is nothing to tell.
"""

from django.db import migrations

from stays.overview_cache import TRIGGER_FUNCTION_SQL, overview_trigger_sql

# Stays, guests, hotels and rooms: what the overview shows. Inserting a stay changes no overview.
TRIGGERS = [
    overview_trigger_sql("stays_stay", "stay", "id", events="UPDATE OR DELETE"),
    overview_trigger_sql("stays_guest", "guest", "id", events="UPDATE OR DELETE"),
    overview_trigger_sql("stays_hotel", "hotel", "id", events="UPDATE OR DELETE"),
    overview_trigger_sql("stays_room", "room", "id", events="UPDATE OR DELETE"),
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRIGGER_FUNCTION_SQL)
    for sql, _ in TRIGGERS:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, sql in TRIGGERS:
        schema_editor.execute(sql)
    schema_editor.execute("DROP FUNCTION IF EXISTS mystay_overview_changed();")


class Migration(migrations.Migration):
    dependencies = [("stays", "0003_pms_sync_run")]
    operations = [migrations.RunPython(forward, backward)]
