"""Property-based: generated values to every form and every list's query parameters, as
every role, never give a 500, and a refused request writes nothing.

The forms are found by opening every page as each role and reading its <form>s; hypothesis
then draws a form (or a list's query parameters) and a value for each field: text, huge and
negative numbers, malformed dates, ids of real and absent rows, option values, files.
FUZZ_EXAMPLES sets the examples per form or list and role; the total is printed.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.models import Notice, Subscription
from placements.models import FrikortPayment
from reports.models import StatusReport
from tests.factories import (
    CandidateProfileFactory,
    CitizenFactory,
    PlacementFactory,
    ReferralFactory,
    SlotPauseFactory,
    department,
    scheme,
    vacant_slot,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))  # per form or list and role
ROLES = ["hr_sof", "hr_buf", "consultant", "secretary", "administrator", None]
SKIPPED = {
    "logout",
    "password_reset_confirm",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
# Writes that are no change of the registry: sessions, sign-in attempts, the citizen read log.
UNTRACKED = ("django_session", "axes_", "placements_citizenaccess")
TOTALS = {"requests": 0, "errors": 0, "partial_writes": 0}


class Forms(HTMLParser):
    """The <form>s of a page: action, method, and each named field's offered values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "fields": {},
                }
            )
        elif not self.forms or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        elif tag in ("input", "textarea", "select"):
            kind = "file" if a.get("type") == "file" else tag
            field = self.forms[-1]["fields"].setdefault(a["name"], {"kind": kind, "values": []})
            if a.get("value"):
                field["values"].append(a["value"])
            self._select = a["name"] if tag == "select" else None
        if tag == "option" and self._select and a.get("value"):
            self.forms[-1]["fields"][self._select]["values"].append(a["value"])


def _patterns(resolver: URLResolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern) != "admin/":
                yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name and p.name not in SKIPPED:
            namespace = resolver.namespace
            yield (f"{namespace}:{p.name}" if namespace else p.name), p.pattern.converters


@pytest.fixture
def world(db, hr_sof, hr_buf, consultant, secretary, administrator, tmp_path, settings):
    """One of each object, so every detail page and form has something to show."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    slot = vacant_slot("SOF", days_ago=400)
    placement = PlacementFactory(
        slot=slot,
        starts_on=today - dt.timedelta(days=300),
        planned_end_on=today - dt.timedelta(days=200),
    )
    SlotPauseFactory(
        slot=slot, starts_on=today - dt.timedelta(days=100), ends_on=today - dt.timedelta(days=90)
    )
    frikort_slot = vacant_slot("SOF", days_ago=100, scheme=scheme("smaajob"))
    payment_placement = PlacementFactory(slot=frikort_slot, starts_on=today - dt.timedelta(days=50))
    FrikortPayment.objects.create(
        placement=payment_placement, paid_on=today, amount=Decimal("1000"), hours=Decimal("10")
    )
    profile = CandidateProfileFactory()
    referral = ReferralFactory(
        slot=vacant_slot("SOF"), citizen=profile.citizen, proposed_by=consultant
    )
    Notice.objects.create(user=hr_sof, slot=slot, referral=referral, text="Ny henvisning")
    Subscription.objects.create(user=consultant)
    report = StatusReport.objects.create(
        starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30), department=department("SOF")
    )
    ids = {
        "slot": [slot.pk, frikort_slot.pk],
        "placement": [placement.pk, payment_placement.pk],
        "citizen": [profile.citizen_id, CitizenFactory().pk, placement.citizen_id],
        "referral": [referral.pk],
        "pk": [report.pk],
        "year": [2024, timezone.localdate().year],
        "department_id": [department("SOF").pk],
        "table": ["summary"],
        "fmt": ["csv", "xlsx"],
    }
    users = {
        "hr_sof": hr_sof,
        "hr_buf": hr_buf,
        "consultant": consultant,
        "secretary": secretary,
        "administrator": administrator,
        None: None,
    }
    return ids, users


def _urls(ids) -> list[str]:
    urls = []
    for name, converters in _patterns(get_resolver()):
        if not set(converters) <= set(ids):
            continue  # a link from an e-mail (uidb64 and token): nothing to fill in
        kwargs = {key: ids[key][0] for key in converters}
        urls.append(reverse(name, kwargs=kwargs))
    return urls


def _endpoints(client: Client, urls: list[str]) -> tuple[list, list]:
    """(method, url, fields) for every form and list on the pages this client may open,
    and for the pages it may not."""
    endpoints, closed = [], []
    for url in urls:
        response = client.get(url)
        fields = {
            "page": {"kind": "input", "values": []},
            "per_page": {"kind": "input", "values": []},
            "sort": {"kind": "input", "values": []},
            "_export": {"kind": "input", "values": ["csv", "xlsx"]},
        }
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            closed += [("get", url, fields), ("post", url, {})]
            continue
        endpoints.append(("get", url, fields))
        listing = len(endpoints) - 1
        parser = Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            if urlsplit(action).netloc or "/logout/" in action:
                continue
            if form["method"] == "get":
                fields = {**fields, **form["fields"]}
                endpoints[listing] = ("get", url, fields)
            else:
                endpoints.append(("post", action, form["fields"]))
    return endpoints, closed


NASTY = [
    "",
    "0",
    "-1",
    "-5",
    "1e400",
    "NaN",
    "Infinity",
    "999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "29-02-2023",
    "2024-02-30",
    "31.12.9999",
    "0000-00-00",
    "12,5",
    "1.000,5",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "ÆØÅ æøå",
    "010170-0000",
    " ",
    "a" * 300,
    "../../etc/passwd",
    "%00",
    "[]",
    "{}",
]


def value_for(field: dict, ids: dict):
    base = [
        st.sampled_from(NASTY),
        st.text(max_size=40),
        st.integers(min_value=-(10**25), max_value=10**25).map(str),
        st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
        st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.isoformat()),
        st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(
            lambda d: d.strftime("%d-%m-%Y")
        ),
        st.sampled_from([str(i) for values in ids.values() for i in values]),
    ]
    if field["values"]:
        base.append(st.sampled_from(field["values"]))
    if field["kind"] == "file":
        return st.one_of(
            st.binary(max_size=2000),
            st.sampled_from([b"", b"PK\x03\x04", b"cpr;navn\n0101700000;A\n"]),
        ).map(lambda data: SimpleUploadedFile("upload.xlsx", data))
    return st.one_of(*base)


@st.composite
def payloads(draw, fields, ids):
    return {
        name: draw(value_for(field, ids)) for name, field in fields.items() if draw(st.booleans())
    }


def _fingerprint() -> tuple:
    tables = [t for t in connection.introspection.table_names() if not t.startswith(UNTRACKED)]
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*), coalesce(sum(xmin::text::bigint), 0) FROM \"{t}\"" for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchall())


def _refused(response) -> bool:
    if response.status_code >= 400:
        return True
    html = (
        response.content.decode(errors="ignore")
        if "html" in response.get("Content-Type", "")
        else ""
    )
    return response.status_code == 200 and ("form-error" in html or "alert-error" in html)


class _Rollback(Exception):
    pass


def _fuzz(send, method, url, fields, ids):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=payloads(fields, ids))
    def one(data):
        send(method, url, data)

    one()


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_no_input_gives_a_500_or_a_partial_write(world, role):
    ids, users = world
    client = Client(raise_request_exception=True)
    if users[role] is not None:
        client.force_login(users[role])
    open_pages, closed = _endpoints(client, _urls(ids))

    def send(method, url, data):
        try:
            with transaction.atomic():
                before = _fingerprint()
                response = getattr(client, method)(url, data)
                TOTALS["requests"] += 1
                assert response.status_code < 500, (method, url, data)
                if _refused(response):
                    assert _fingerprint() == before, ("partial write", method, url, data)
                raise _Rollback
        except _Rollback:
            pass

    # Pages this role may not open refuse before reading any input: one request each.
    for method, url, fields in closed:
        send(method, url, {name: "999999999999999999999" for name in fields})
    for method, url, fields in open_pages:
        _fuzz(send, method, url, fields, ids)
    print(
        f"\nfuzz {role or 'anonymous'}: {len(open_pages)} open forms/lists, "
        f"{TOTALS['requests']} requests so far, 0 × 500, 0 partial writes"
    )
