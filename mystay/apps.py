from django.apps import AppConfig


class MyStayConfig(AppConfig):
    name = "mystay"
    verbose_name = "MyStay platform"

    def ready(self):
        from stays import overview_cache

        overview_cache.connect_signals()
