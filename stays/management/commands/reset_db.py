from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Drop and recreate the development database, then migrate. Refuses unless DEBUG is on."

    def add_arguments(self, parser):
        parser.add_argument("--seed", action="store_true", help="Run seed_demo afterwards.")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, seed, noinput, **options):
        if not settings.DEBUG:
            raise CommandError("reset_db only runs with DEBUG on: it destroys every row of the database.")
        name = connection.settings_dict["NAME"]
        if not noinput:
            answer = input(f"This deletes everything in {connection.vendor} database {name!r}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Cancelled.")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
            else:
                tables = connection.introspection.table_names(cursor)
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA foreign_keys = OFF")
                for table in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
        self.stdout.write(self.style.WARNING(f"Dropped everything in {name}."))
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Migrated."))
        if seed:
            call_command("seed_demo", stdout=self.stdout)
