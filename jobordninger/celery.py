"""The Celery app. Tasks live in each app's tasks.py and stay thin (they take ids and call a service)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobordninger.settings")

app = Celery("jobordninger")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
