"""Celery tasks of the stays domain: thin wrappers around services (idempotent, retry policy here)."""
