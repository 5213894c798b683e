from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Status og rapporter"

    def ready(self):
        from reports.cache import connect_signals

        connect_signals()
