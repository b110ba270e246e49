"""Erase identity data past each hotel's retention period (days after check-out, default 30)."""

from django.core.management.base import BaseCommand

from ocr import selectors, services


class Command(BaseCommand):
    help = (
        "Erase the ID fields and images of documents whose stay ended more than the hotel's retention "
        "period ago; keeps document type, country, decision, who verified and the dates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would be erased, erase nothing.")

    def handle(self, *args, dry_run=False, **options):
        due = selectors.documents_due_for_purge()
        for document in due:
            self.stdout.write(
                f"{'would purge' if dry_run else 'purged'} document {document.pk} "
                f"({document.document_type}, {document.issuing_country or '?'}) of stay {document.stay_id}, "
                f"hotel {document.hotel_id}, departure {document.stay.departure}"
            )
        if not dry_run:
            count = services.purge_documents(due)
            self.stdout.write(self.style.SUCCESS(f"Purged {count} identity document(s)."))
        else:
            self.stdout.write(f"{len(due)} identity document(s) would be purged (dry run).")
