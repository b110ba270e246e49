"""Database constraints that only PostgreSQL can enforce, declared so that SQLite (the demo) still migrates.

`PostgresExclusionConstraint` is django.contrib.postgres's ExclusionConstraint that does nothing on
other databases: no SQL when a table is created or changed, and no model validation there (the
services check the same rule themselves, see stays.services.rooms).
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Func


class DateRange(Func):
    """daterange(arrival, departure, '[)'): the nights of a stay (departure day excluded)."""

    function = "DATERANGE"
    output_field = DateRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if connections[using].vendor != "postgresql":
            return
        # Django validates the condition against the form's values only: with one of its fields left
        # out of the form (read-only), it cannot be evaluated here; the database still enforces it.
        if exclude and self.condition is not None and set(exclude) & set(self.condition.referenced_base_fields):
            return
        super().validate(model, instance, exclude=exclude, using=using)
