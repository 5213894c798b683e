"""python manage.py benchmark: the quality-bar figures (docs/design.md) on the loaded data.

Measures the measurement queries and the status build directly, and the list pages through
Django's test client as each role (time and query count per request, p50/p95). Then each
page against its peer, alternating A, B, A, B in one run so both see the same machine: the
slot and placement lists against the admin changelist of the same model, the status computed
without the cache against the same figures by hand-written SQL (which must be equal), the
board on its own; a finished period's status from the cache against its own limit.
Run it on a database seeded with `seed_demo --scale 10x` for the quality bars
(docs/performance.md).
"""

import math
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.periods import Period
from jobordninger import status_sql
from placements.models import Citizen, Placement, Slot
from reports import selectors
from schemes.models import Scheme

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


def _verdict(value, limit, unit):
    """ "mål ≤ 50 ms: opfyldt" or "… ikke opfyldt": a figure against its quality bar."""
    met = "opfyldt" if value <= limit else "IKKE opfyldt"
    shown = f"{limit:g}".replace(".", ",") + ("×" if unit == "×" else f" {unit}")
    return f"mål ≤ {shown}: {met}"


class Command(BaseCommand):
    help = "Mål forespørgsler, statusopgørelse og listesider på de indlæste data."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--year", type=int, default=None)

    def line(self, label, times, queries=None, limit_ms=None):
        extra = f"  {queries} forespørgsler" if queries is not None else ""
        if limit_ms is not None:
            extra += "  " + _verdict(statistics.median(times), limit_ms, "ms")
        self.stdout.write(
            f"{label:<42} p50 {statistics.median(times):8.1f} ms   "
            f"p95 {_percentile(times, 0.95):8.1f} ms{extra}"
        )

    def handle(self, *args, repeat, year, **options):
        today = timezone.localdate()
        year = year or today.year - 1
        h1 = Period.h1(year)
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
            with CaptureQueriesContext(connection) as ctx:
                build_status(h1, None)
            self.line(
                "build_status(1. halvår, hele kommunen)",
                _timed(lambda: build_status(h1, None), repeat),
                queries=len(ctx.captured_queries),
                limit_ms=300,
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

        self.side_by_side(h1, repeat)

    def side_by_side(self, period, repeat):
        """Each page against its peer, interleaved; ratio = page p50 ÷ peer p50."""
        users = get_user_model().objects
        admin_user = users.filter(is_superuser=True).order_by("pk").first()
        secretary = users.filter(username="sekretaer").first()
        if admin_user is None or secretary is None:
            self.stdout.write("\nSide om side: demobrugerne admin og sekretaer mangler.")
            return
        admin_client, secretary_client = Client(), Client()
        admin_client.force_login(admin_user)
        secretary_client.force_login(secretary)
        scheme = (
            Scheme.objects.filter(slots__isnull=False)
            .annotate(n=Count("slots"))
            .order_by("-n", "pk")
            .first()
        )
        scheme_id = scheme.pk if scheme else 0

        def page_of(model):
            return max(1, min(200, math.ceil(model.objects.count() / 100)))

        slot_page, placement_page = page_of(Slot), page_of(Placement)
        pairs = [
            (
                "Pladser side 1 / admin",
                reverse("placements:slot_list") + "?per_page=100",
                "/admin/placements/slot/",
            ),
            (
                f"Pladser side {slot_page} / admin",
                reverse("placements:slot_list") + f"?per_page=100&page={slot_page}",
                f"/admin/placements/slot/?p={slot_page}",
            ),
            (
                "Pladser, én ordning / admin",
                reverse("placements:slot_list") + f"?per_page=100&scheme={scheme_id}",
                f"/admin/placements/slot/?scheme__id__exact={scheme_id}",
            ),
            (
                "Forløb side 1 / admin",
                reverse("placements:placement_list") + "?per_page=100",
                "/admin/placements/placement/",
            ),
            (
                f"Forløb side {placement_page} / admin",
                reverse("placements:placement_list") + f"?per_page=100&page={placement_page}",
                f"/admin/placements/placement/?p={placement_page}",
            ),
            (
                "Forløb, én ordning / admin",
                reverse("placements:placement_list") + f"?per_page=100&scheme={scheme_id}",
                f"/admin/placements/placement/?slot__scheme__id__exact={scheme_id}",
            ),
        ]
        self.stdout.write("\nSide om side (skiftevis A, B; forhold = A p50 ÷ B p50; admin-bruger):")
        for label, page, peer in pairs:
            self.pair(
                label,
                lambda page=page: admin_client.get(page),
                lambda peer=peer: admin_client.get(peer),
                repeat,
            )
        self.board_pairs(admin_client, scheme_id, repeat)
        from reports.status import build_status

        # Like for like: the status computed (no cache) against the same figures by hand;
        # the cached page has its own limit (cached_status below).
        self.pair(
            f"build_status {period.label} uden cache / håndskrevet SQL",
            lambda: build_status(period, None),
            lambda: status_sql.status_figures(period, open_slots_day_by_day=False),
            repeat,
            limit_ratio=1.5,
            limit_ms=300,
        )
        status_url = reverse("reports:status") + f"?period=h1&year={period.start.year}"
        board = reverse("matching:board")
        consultant = users.filter(username="konsulent").first()
        if consultant is not None:
            board_client = Client()
            board_client.force_login(consultant)
            for label, url in [
                ("Ledige pladser (konsulent), ingen modpart", board),
                ("Ledige pladser, 30 dage (mål ≤ 200 ms)", board + "?window=30"),
                *self.candidate_page(),
            ]:
                board_client.get(url)
                self.line(label, _timed(lambda url=url: board_client.get(url), repeat))
            self.first_views(board_client, repeat)
        self.cached_status(period, secretary_client, status_url, repeat)
        mismatches = status_sql.status_mismatches(build_status(period, None), period)
        if mismatches:
            self.stderr.write(
                self.style.ERROR(
                    "\n!!! STATUS OG HÅNDSKREVET SQL ER UENIGE !!!\n" + "\n".join(mismatches)
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("\nStatus og håndskrevet SQL giver de samme tal."))

    def board_pairs(self, admin_client, scheme_id, repeat):
        """The board (as the consultant, 100 rows) against the admin changelist of slots."""
        consultant = get_user_model().objects.filter(username="konsulent").first()
        if consultant is None:
            return
        client = Client()
        client.force_login(consultant)
        from matching.selectors import board

        pages = max(1, math.ceil(board(timezone.localdate()).count() / 100))
        last = min(200, pages)
        board_url = reverse("matching:board") + "?per_page=100"
        for label, page, peer in [
            ("Ledige pladser side 1 / admin", board_url, "/admin/placements/slot/"),
            (
                f"Ledige pladser side {last} / admin",
                board_url + f"&page={last}",
                f"/admin/placements/slot/?p={last}",
            ),
            (
                "Ledige pladser, én ordning / admin",
                board_url + f"&scheme={scheme_id}",
                f"/admin/placements/slot/?scheme__id__exact={scheme_id}",
            ),
        ]:
            self.pair(
                label,
                lambda page=page: client.get(page),
                lambda peer=peer: admin_client.get(peer),
                repeat,
            )

    def candidate_page(self):
        """The candidate page of the first active candidate (seed_matching makes them)."""
        from matching.models import CandidateProfile

        candidate = CandidateProfile.objects.active().order_by("pk").first()
        if candidate is None:
            self.stdout.write("Kandidatside: ingen kandidater (manage.py seed_matching).")
            return []
        url = reverse("matching:candidate_detail", args=[candidate.citizen_id])
        return [("Kandidatside (mål ≤ 300 ms)", url)]

    def first_views(self, client, repeat):
        """Candidate and slot pages nobody has opened since the data changed: each timed
        request is another candidate or slot, ranked on the spot. Each starts from a new
        data version; one page first reads what every ranking reads (kept per process, as a
        web worker keeps it), as any page after a change does."""
        from core import versioned_cache
        from matching import ranked
        from matching.models import CandidateProfile
        from placements.vacancy import vacant_slots

        citizens = list(
            CandidateProfile.objects.active()
            .order_by("pk")
            .values_list("citizen_id", flat=True)[: repeat + 1]
        )
        slots = list(
            vacant_slots(timezone.localdate())
            .order_by("pk")
            .values_list("pk", flat=True)[: repeat + 1]
        )
        for label, name, ids in [
            ("Kandidatside, ikke set før (mål ≤ 300 ms)", "matching:candidate_detail", citizens),
            ("Pladsside (konsulent), ikke set før", "matching:slot_detail", slots),
        ]:
            if len(ids) < 2:
                continue
            versioned_cache.new_data_version(ranked.VERSION)
            urls = [reverse(name, args=[pk]) for pk in ids]
            client.get(urls[0])
            times = [_timed(lambda url=url: client.get(url), 1)[0] for url in urls[1:]]
            self.line(label, times, limit_ms=300 if name.endswith("candidate_detail") else None)

    def cached_status(self, period, client, url, repeat):
        """A finished period from the cache (reports.cache): the report alone and the page."""
        from reports.cache import cached_report

        cached_report(period, None)
        self.line(
            f"Status {period.label} fra cachen",
            _timed(lambda: cached_report(period, None), repeat),
            limit_ms=50,
        )
        client.get(url)
        self.line(
            f"Statussiden {period.label} fra cachen (sekretær)",
            _timed(lambda: client.get(url), repeat),
            limit_ms=50,
        )

    def pair(self, label, page, peer, repeat, limit_ratio=None, limit_ms=None):
        first_page, first_peer = page(), peer()  # warm-up, and the answers' status codes
        page_times, peer_times = [], []
        for _ in range(repeat):
            page_times += _timed(page, 1)
            peer_times += _timed(peer, 1)
        codes = "/".join(
            str(getattr(answer, "status_code", "SQL")) for answer in (first_page, first_peer)
        )
        ratio = statistics.median(page_times) / statistics.median(peer_times)
        self.stdout.write(
            f"{label} [{codes}]\n"
            f"    A p50 {statistics.median(page_times):8.1f} ms  p95 "
            f"{_percentile(page_times, 0.95):8.1f} ms   B p50 "
            f"{statistics.median(peer_times):8.1f} ms  p95 {_percentile(peer_times, 0.95):8.1f} ms"
            f"   forhold {ratio:.2f}×"
        )
        verdicts = []
        if limit_ratio is not None:
            verdicts.append(_verdict(ratio, limit_ratio, "×"))
        if limit_ms is not None:
            verdicts.append("A " + _verdict(statistics.median(page_times), limit_ms, "ms"))
        if verdicts:
            self.stdout.write("    " + ", ".join(verdicts))
