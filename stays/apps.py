from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "stays"
    verbose_name = "Stays"

    def ready(self):
        from integrations.registry import Capability, register

        from . import signals  # noqa: F401
        from .providers.mock import MockPms

        register(Capability.PMS, MockPms)
