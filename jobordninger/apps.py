from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class JobordningerConfig(AppConfig):
    name = "jobordninger"

    def ready(self):
        from jobordninger.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="start_session_clock")
