from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matchning"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
