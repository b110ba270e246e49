from django.core.management.base import BaseCommand

from spa.services.bookings import reconcile_requested
from spa.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send due spa reminders (once per booking) and settle bookings the spa did not answer (what beat runs)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        settled = reconcile_requested()
        self.stdout.write(f"{sent} reminder(s) queued; {settled} unanswered booking(s) checked with the spa.")
