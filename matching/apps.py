from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matchning"

    def ready(self):
        # Connect the receivers: the registry's saves and its retention job.
        from . import ranked, retention, signals  # noqa: F401

        ranked.connect_signals()
