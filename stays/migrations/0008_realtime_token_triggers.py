"""Triggers that tell every realtime process when a staff token or a staff account changes.

An open SSE stream re-reads its token only when a row it depends on changed (revocation, deletion,
deactivation, a new role, hotel or departments): integrations/realtime_stream.py. The notifications
go on the overview cache's channel, through its trigger function (mystay/0001), so that the stream
listener receives them in commit order with the events. PostgreSQL only, like that function.
"""

from django.db import migrations

from stays.overview_cache import overview_trigger_sql

TRIGGERS = [
    overview_trigger_sql("stays_stafftoken", "staff_token", "id", events="UPDATE OR DELETE"),
    overview_trigger_sql("stays_user", "user", "id", events="UPDATE OR DELETE"),
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql, _ in TRIGGERS:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, sql in TRIGGERS:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("stays", "0007_data_quality"), ("mystay", "0001_overview_triggers")]
    operations = [migrations.RunPython(forward, backward)]
