"""Notices: a slot that opens or becomes vacant again tells the consultants who follow it,
in the portal and by e-mail (Celery, queued on commit). No citizen in either."""

import datetime as dt
import email
from decimal import Decimal
from email import policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching import services, tasks
from matching.models import Notice, Subscription
from organisation.scope import CONSULTANT, HR
from placements import services as registry
from tests.conftest import transactional
from tests.factories import (
    CitizenFactory,
    WorkplaceFactory,
    department,
    district,
    scheme,
    user_with_role,
    vacant_slot,
)
from tests.worker import start_worker, stop_worker, wait_for


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def followers(db):
    """One consultant follows praktik anywhere, one follows Valby, one follows nothing."""
    by_scheme = user_with_role("sara", CONSULTANT, email="sara@jobcenter.invalid")
    services.subscription_save(
        user=by_scheme, schemes=[scheme("virksomhedspraktik")], districts=[], by_email=True
    )
    by_district = user_with_role("vagn", CONSULTANT, email="vagn@jobcenter.invalid")
    services.subscription_save(
        user=by_district, schemes=[], districts=[district("valby")], by_email=True
    )
    user_with_role("nina", CONSULTANT, email="nina@jobcenter.invalid")  # no subscription
    return by_scheme, by_district


@pytest.fixture
def hr(db):
    return user_with_role("helle", HR, departments=["SOF"])


@pytest.fixture
def eager_emails(monkeypatch):
    """The e-mail task runs in this process (the worker test below uses a real worker)."""
    monkeypatch.setattr(
        tasks.send_notice_emails,
        "delay",
        lambda notice_ids: tasks.send_notice_emails.apply(args=(notice_ids,)),
    )


def open_slot(hr, *, district_code="noerrebro", scheme_code="virksomhedspraktik", **kw):
    workplace = WorkplaceFactory(
        department=department("SOF"), district=district(district_code), name="Café Nørre"
    )
    values = {"title": "Køkkenhjælp", "opened_on": timezone.localdate()}
    values.update(kw)
    return registry.slot_create(
        workplace=workplace,
        scheme=scheme(scheme_code),
        hours_per_week=Decimal("20"),
        acting_user=hr,
        **values,
    )


@pytest.mark.django_db
def test_opening_a_slot_notifies_followers_of_its_scheme(
    followers, hr, eager_emails, django_capture_on_commit_callbacks
):
    by_scheme, by_district = followers
    with django_capture_on_commit_callbacks(execute=True):
        slot = open_slot(hr)
    notice = Notice.objects.get()
    assert (notice.user, notice.slot) == (by_scheme, slot)
    assert "Køkkenhjælp" in notice.text and "Café Nørre" in notice.text
    assert notice.emailed_at is not None
    [message] = mail.outbox
    assert message.to == ["sara@jobcenter.invalid"]
    assert message.subject == "Ledig plads: Virksomhedspraktik på Café Nørre"
    assert reverse("matching:slot_detail", args=[slot.pk]) in message.body


@pytest.mark.django_db
def test_district_followers_are_told_whatever_the_scheme(
    followers, hr, eager_emails, django_capture_on_commit_callbacks
):
    by_scheme, by_district = followers
    with django_capture_on_commit_callbacks(execute=True):
        open_slot(hr, district_code="valby", scheme_code="nytteindsats")
    assert list(Notice.objects.values_list("user", flat=True)) == [by_district.pk]


@pytest.mark.django_db
def test_nothing_is_sent_before_the_commit(followers, hr, eager_emails):
    open_slot(hr)  # the test's transaction never commits
    assert not Notice.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_a_slot_filled_in_the_same_transaction_tells_no_one(
    followers, hr, eager_emails, django_capture_on_commit_callbacks
):
    """As an import does: an old slot and its running placement, registered together."""
    services.subscription_save(
        user=followers[0], schemes=[scheme("fleksjob")], districts=[], by_email=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        slot = open_slot(
            hr,
            scheme_code="fleksjob",
            opened_on=timezone.localdate() - dt.timedelta(days=400),
        )
        registry.placement_create(
            slot=slot,
            citizen=CitizenFactory(has_fleksjob_visitation=True),
            starts_on=slot.opened_on,
            planned_end_on=None,
            hours_per_week=Decimal("20"),
            benefit=None,
            acting_user=hr,
        )
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_a_placement_ended_early_makes_the_slot_vacant_again(
    followers, hr, eager_emails, django_capture_on_commit_callbacks, today
):
    slot = vacant_slot(days_ago=60, title="Pedelmedhjælp")
    placement = registry.placement_create(
        slot=slot,
        citizen=CitizenFactory(name="Peter Placeret", cpr="0101701111"),
        starts_on=today - dt.timedelta(days=30),
        planned_end_on=today + dt.timedelta(days=50),
        hours_per_week=Decimal("20"),
        benefit=None,
        acting_user=hr,
    )
    with django_capture_on_commit_callbacks(execute=True):
        registry.placement_end(
            placement=placement,
            ended_on=today - dt.timedelta(days=1),
            outcome="ordinary_job",
            acting_user=hr,
        )
    notice = Notice.objects.get()
    assert notice.vacant_since == today
    assert "er ledig fra" in notice.text
    [message] = mail.outbox
    for secret in ("Peter", "Placeret", "0101701111", "010170"):
        assert secret not in message.subject + message.body + notice.text


@pytest.mark.django_db
def test_a_reopened_slot_notifies_once_per_vacancy(
    followers, hr, eager_emails, django_capture_on_commit_callbacks, today
):
    slot = vacant_slot(days_ago=100)
    registry.slot_close(slot=slot, closed_on=today - dt.timedelta(days=20), acting_user=hr)
    with django_capture_on_commit_callbacks(execute=True):
        registry.slot_reopen(slot=slot, reopens_on=today, acting_user=hr)
    with django_capture_on_commit_callbacks(execute=True):
        slot.description = "Nye opgaver"
        slot.save()  # saved again: the same vacancy, no second notice
    assert Notice.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_broker_that_is_down_keeps_the_registration_and_the_notice(
    followers, hr, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(notice_ids):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.send_notice_emails, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        slot = open_slot(hr)
    assert Notice.objects.get().slot == slot
    assert Notice.objects.get().emailed_at is None


@pytest.mark.django_db
def test_the_notice_page_counts_and_marks_read(client, followers, hr, eager_emails):
    by_scheme, _ = followers
    slot = vacant_slot()
    Notice.objects.create(user=by_scheme, slot=slot, text="Pladsen A er ledig")
    Notice.objects.create(user=by_scheme, slot=slot, text="Pladsen B er ledig", vacant_since=None)
    client.force_login(by_scheme)
    board = client.get(reverse("matching:board"))
    assert "Beskeder (2 ulæste)" in board.text
    page = client.get(reverse("matching:notice_list"))
    assert "Pladsen A er ledig" in page.text
    client.post(reverse("matching:notice_read"))
    assert "ulæst" not in client.get(reverse("matching:board")).text


@pytest.mark.django_db
def test_mine_abonnementer_are_saved(client, followers):
    _, by_district = followers
    client.force_login(by_district)
    response = client.post(
        reverse("matching:subscriptions"),
        {"schemes": [scheme("fleksjob").pk], "districts": [district("amager-oest").pk]},
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=by_district)
    assert list(subscription.schemes.all()) == [scheme("fleksjob")]
    assert list(subscription.districts.all()) == [district("amager-oest")]
    assert subscription.by_email is False  # unticked


# --- With a real Celery worker and Redis --------------------------------------------------------


@pytest.mark.worker
@transactional
def test_opening_a_slot_sends_the_email_through_a_real_worker(tmp_path):
    mail_dir = tmp_path / "mail"
    worker = start_worker(
        extra_env={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
    )
    try:
        follower = user_with_role("karla", CONSULTANT, email="karla@jobcenter.invalid")
        services.subscription_save(
            user=follower, schemes=[scheme("virksomhedspraktik")], districts=[], by_email=True
        )
        hr = user_with_role("henrik", HR, departments=["SOF"])
        slot = open_slot(hr, title="Lagerhjælp")  # autocommit: the hook runs on commit

        def written_mails():
            # The file backend creates the file before it writes the message and ends each
            # message with a line of 79 dashes: only a file with that line is complete.
            files = sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []
            return [f.read_bytes() for f in files if f.read_bytes().rstrip().endswith(b"-" * 79)]

        [written] = wait_for(written_mails, timeout=90)
        message = email.message_from_bytes(written, policy=policy.default)
        assert message["To"] == "karla@jobcenter.invalid"
        subject = " ".join(str(message["Subject"]).split())  # unfolded
        assert subject == "Ledig plads: Virksomhedspraktik på Café Nørre"
        body = message.get_content()
        assert "Lagerhjælp" in body
        assert reverse("matching:slot_detail", args=[slot.pk]) in body
        wait_for(lambda: Notice.objects.filter(emailed_at__isnull=False).exists(), timeout=30)
    finally:
        stop_worker(worker)


@pytest.mark.django_db
def test_an_email_the_broker_did_not_take_is_sent_once_it_is_back(
    followers, hr, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.test_reports_tasks import unreachable_broker

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with unreachable_broker(), django_capture_on_commit_callbacks(execute=True):
        open_slot(hr)  # the e-mail task cannot be queued: Redis is away
    notice = Notice.objects.get()
    assert notice.emailed_at is None and mail.outbox == []
    # The broker is back; beat's sweep runs (here in this process) and finds the notice.
    assert tasks.send_waiting_notice_emails.apply().get() == 1
    assert [m.to for m in mail.outbox] == [[notice.user.email]]
    assert tasks.send_waiting_notice_emails.apply().get() == 0  # sent once, not twice


@pytest.mark.django_db
def test_a_slot_vacant_since_long_ago_makes_no_notice(
    followers, hr, eager_emails, django_capture_on_commit_callbacks, today
):
    """A historic import: a slot whose last placement ended years ago is not news."""
    with django_capture_on_commit_callbacks(execute=True):
        slot = open_slot(hr, opened_on=today - dt.timedelta(days=3 * 365))
        registry.placement_create(
            slot=slot,
            citizen=CitizenFactory(),
            starts_on=slot.opened_on,
            planned_end_on=slot.opened_on + dt.timedelta(days=28),
            hours_per_week=Decimal("20"),
            benefit=None,
            acting_user=hr,
        )
    assert Notice.objects.count() == 0 and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        open_slot(
            hr, title="Ny", opened_on=today - dt.timedelta(days=services.NOTICE_LOOKBACK_DAYS)
        )
    assert Notice.objects.count() == 1  # a late registration still is


@pytest.mark.django_db
def test_following_a_notice_marks_it_read(client, followers):
    by_scheme, _ = followers
    slot = vacant_slot()
    notice = Notice.objects.create(user=by_scheme, slot=slot, text="Pladsen A er ledig")
    client.force_login(by_scheme)
    response = client.get(reverse("matching:notice_open", args=[notice.pk]))
    assert response.url == reverse("matching:slot_detail", args=[slot.pk])
    notice.refresh_from_db()
    assert notice.read_at is not None
    other = Notice.objects.create(user=followers[1], slot=slot, text="x")
    assert client.get(reverse("matching:notice_open", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_a_new_referral_is_emailed_to_the_workplace_hr_without_the_citizen(
    followers, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://portal.invalid:8012"
    hr_sof = user_with_role("hjalte", HR, departments=["SOF"], email="hjalte@kommune.invalid")
    user_with_role("birte", HR, departments=["BUF"], email="birte@kommune.invalid")
    slot = vacant_slot("SOF", title="Pedel")
    citizen = CitizenFactory(name="Anna Andersen")
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.referral_create(
            slot=slot,
            citizen=citizen,
            starts_on=timezone.localdate() + dt.timedelta(days=7),
            planned_end_on=timezone.localdate() + dt.timedelta(days=35),
            hours_per_week=Decimal("20"),
            acting_user=followers[0],
        )
    (message,) = mail.outbox
    assert message.to == [hr_sof.email]
    assert "Pedel" in message.subject
    path = reverse("matching:referral_detail", args=[referral.pk])
    assert f"http://portal.invalid:8012{path}" in message.body
    assert "Anna" not in message.body and citizen.cpr[:6] not in message.body
