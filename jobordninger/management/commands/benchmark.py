"""python manage.py benchmark: the quality-bar figures (docs/design.md) on the loaded data.

Measures the measurement queries and the status build directly, and the list pages through
Django's test client as each role (time and query count per request, p50/p95).
Run it on a database seeded with `seed_demo --scale 10x` for the quality bars.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.periods import Period
from placements.models import Citizen, Placement, Slot
from reports import selectors

# (label, username, url name, query string)
PAGES = [
    ("Forside, HR", "hr", "home", ""),
    ("Forside, sekretær", "sekretaer", "home", ""),
    ("Pladser (HR)", "hr", "placements:slot_list", ""),
    ("Pladser side 50 (HR)", "hr", "placements:slot_list", "?page=50"),
    ("Forløb (HR)", "hr", "placements:placement_list", ""),
    ("Ledige pladser (konsulent)", "konsulent", "matching:board", ""),
    ("Status, kommunen (sekretær)", "sekretaer", "reports:status", ""),
    ("Rapportarkiv (sekretær)", "sekretaer", "reports:archive", ""),
]


def _timed(function, repeat: int):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Mål forespørgsler, statusopgørelse og listesider på de indlæste data."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--year", type=int, default=None)

    def line(self, label, times, queries=None):
        extra = f"  {queries} forespørgsler" if queries is not None else ""
        self.stdout.write(
            f"{label:<42} p50 {statistics.median(times):8.1f} ms   "
            f"p95 {_percentile(times, 0.95):8.1f} ms{extra}"
        )

    def handle(self, *args, repeat, year, **options):
        today = timezone.localdate()
        year = year or today.year - 1
        h1 = Period.half_year(year, 1)
        self.stdout.write(
            f"Data: {Slot.objects.count():,} pladser, {Placement.objects.count():,} forløb, "
            f"{Citizen.objects.count():,} borgere. Periode: {h1.label}. Gentagelser: {repeat}."
        )
        self.stdout.write("\nMåling i databasen (én aggregeret forespørgsel hver):")
        for label, function in [
            (
                "Helårspersoner pr. forvaltning × ordning",
                lambda: selectors.full_year_persons_by_department_and_scheme(h1),
            ),
            (
                "Helårspersoner pr. forvaltning × kategori",
                lambda: selectors.full_year_persons_by_category(h1),
            ),
            (
                "Åbne pladser som helårspersoner",
                lambda: selectors.open_slot_full_year_by_category(h1),
            ),
            ("Antal personer på periodens sidste dag", lambda: selectors.head_count_on(h1.end)),
            ("Pladsernes tilstand på en dato", lambda: selectors.slot_states_on(h1.end)),
        ]:
            self.line(label, _timed(function, repeat))

        try:
            from reports.status import build_status
        except ImportError:
            build_status = None
        if build_status is not None:
            self.stdout.write("\nHalvårsstatus for alle forvaltninger:")
            self.line(
                "build_status(1. halvår, hele kommunen)",
                _timed(lambda: build_status(h1, None), repeat),
            )

        self.stdout.write("\nSider (Django's testklient, logget ind som rollen):")
        # Keep one connection (as CONN_MAX_AGE does in production) and the query log across
        # the request, so the figures are the view's own work and its query count.
        request_started.disconnect(reset_queries)
        request_finished.disconnect(close_old_connections)
        users = get_user_model().objects
        for label, username, name, query in PAGES:
            try:
                url = reverse(name) + query
            except NoReverseMatch:
                self.stdout.write(f"{label:<42} (siden findes ikke endnu)")
                continue
            user = users.filter(username=username).first()
            if user is None:
                self.stdout.write(f"{label:<42} (demobrugeren {username} mangler)")
                continue
            client = Client()
            client.force_login(user)
            client.get(url)  # warm-up
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            status, queries = response.status_code, len(ctx.captured_queries)
            times = _timed(lambda url=url, client=client: client.get(url), repeat)
            self.line(f"{label} [{status}]", times, queries=queries)
