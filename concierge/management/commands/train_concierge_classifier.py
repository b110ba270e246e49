"""manage.py train_concierge_classifier: retrain the concierge's escalation classifier and rewrite
concierge/classifier_weights.json (see concierge/classifier_training.py; commit the file)."""

from django.core.management.base import BaseCommand

from concierge import classifier_training


class Command(BaseCommand):
    help = "Train the concierge escalation classifier on the labelled splits (held-out ones excluded)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Train and print, do not write the weights.")

    def handle(self, *args, check=False, **options):
        classifier_training.train(write=not check)
