from django.apps import AppConfig


class MyStayConfig(AppConfig):
    name = "mystay"
    verbose_name = "MyStay platform"
