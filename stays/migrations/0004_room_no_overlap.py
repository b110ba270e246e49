# Two active stays never share a room on overlapping nights: a GiST exclusion constraint on
# (room =, daterange(arrival, departure) &&), PostgreSQL only (btree_gist provides = for integers in
# GiST). On SQLite (the demo) both operations do nothing; stays.services.rooms checks the same rule.

import stays.constraints
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models


def unassign_existing_overlaps(apps, schema_editor):
    """Data that already breaks the rule would stop the constraint from being created: the later of two
    clashing confirmed stays loses its room (checked-in guests keep theirs) and the fix is printed."""
    if schema_editor.connection.vendor != "postgresql":
        return
    Stay = apps.get_model("stays", "Stay")
    active = Stay.objects.filter(status__in=["confirmed", "checked_in"], room__isnull=False)
    for stay in active.order_by("-status", "arrival", "pk"):  # checked_in first, then by arrival
        if stay.room_id is None:
            continue
        clashes = active.filter(
            room_id=stay.room_id, arrival__lt=stay.departure, departure__gt=stay.arrival, status="confirmed"
        ).exclude(pk=stay.pk)
        for other in clashes:
            print(f"\n  stays.0004: stay {other.pk} ({other.confirmation_number}) shared room {other.room_id}; unassigned")
        clashes.update(room=None)


class Migration(migrations.Migration):

    dependencies = [
        ('stays', '0003_pms_sync_run'),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(unassign_existing_overlaps, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='stay',
            constraint=stays.constraints.PostgresExclusionConstraint(condition=models.Q(('room__isnull', False), ('status__in', ['confirmed', 'checked_in'])), expressions=[('room', '='), (stays.constraints.DateRange('arrival', 'departure', models.Value('[)')), '&&')], name='stay_room_no_overlap', violation_error_code='room_unavailable', violation_error_message='This room is already assigned to another stay on these nights.'),
        ),
    ]
