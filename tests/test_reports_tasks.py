"""Report requests, the build task and re-queueing: services in-process, then a real worker."""

import datetime as dt
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core.periods import Period
from reports import services, tasks
from reports.models import ReportState, StatusReport
from tests.conftest import transactional
from tests.factories import PlacementFactory
from tests.status_scenario import D
from tests.worker import start_worker, stop_worker, wait_for


def report(**fields):
    return StatusReport.objects.create(starts_on=D(2023, 1, 1), ends_on=D(2023, 12, 31), **fields)


# --- In-process --------------------------------------------------------------------------


def test_a_request_is_stored_first_and_queued_when_the_transaction_commits(
    secretary, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.build_status_report, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            made = services.status_report_request(
                period=Period.whole_year(2023), department=None, requested_by=secretary
            )
            assert not send.called  # not before the commit
        assert len(callbacks) == 1
    send.assert_called_once_with(args=[made.pk], retry=False)
    made.refresh_from_db()
    assert made.state == ReportState.QUEUED
    assert made.sent_at is not None
    assert made.requested_by_name == "sofie"


def test_an_unreachable_broker_leaves_the_request_queued(secretary):
    made = report()
    with mock.patch.object(
        tasks.build_status_report, "apply_async", side_effect=BrokerError("no broker")
    ):
        assert services.status_report_enqueue(made.pk) is False
    made.refresh_from_db()
    assert (made.state, made.sent_at) == (ReportState.QUEUED, None)
    assert "Køen kunne ikke nås" in made.message


def test_the_page_says_so_when_the_broker_is_down(client, secretary):
    client.force_login(secretary)
    with mock.patch.object(
        tasks.build_status_report, "apply_async", side_effect=BrokerError("no broker")
    ):
        response = client.post(
            reverse("reports:request_report"), {"year": 2023, "period": "year"}, follow=True
        )
    assert response.status_code == 200
    assert "Køserveren svarer ikke lige nu" in response.content.decode()
    assert StatusReport.objects.get().state == ReportState.QUEUED


def test_building_stores_a_pdf_and_reaches_100(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    PlacementFactory(starts_on=D(2023, 1, 1))
    made = report()
    services.status_report_build(made.pk)
    made.refresh_from_db()
    assert (made.state, made.progress) == (ReportState.DONE, 100)
    assert made.finished_at is not None
    assert made.file.name.startswith("reports/2023/status-2023-helaar-kommunen-")
    with made.file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_a_done_report_is_not_rebuilt(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    made = report(state=ReportState.DONE, progress=100, file="reports/2023/old.pdf")
    with mock.patch("reports.pdf.render_report_pdf") as render:
        assert services.status_report_build(made.pk) is None
        tasks.build_status_report.run(made.pk)
    render.assert_not_called()
    made.refresh_from_db()
    assert made.file.name == "reports/2023/old.pdf"


def test_a_running_report_is_not_built_twice(db):
    made = report(state=ReportState.RUNNING, started_at=timezone.now())
    with mock.patch("reports.pdf.render_report_pdf") as render:
        assert services.status_report_build(made.pk) is None
    render.assert_not_called()


def test_the_soft_time_limit_fails_the_report_with_a_message(db):
    made = report()
    with mock.patch("reports.pdf.render_report_pdf", side_effect=SoftTimeLimitExceeded()):
        services.status_report_build(made.pk)
    made.refresh_from_db()
    assert made.state == ReportState.FAILED
    assert "tog for lang tid" in made.message


def test_the_build_task_has_time_limits_within_the_global_one():
    task = tasks.build_status_report
    assert task.soft_time_limit < task.time_limit <= django_settings.CELERY_TASK_TIME_LIMIT
    assert task.acks_late is True
    for periodic in (tasks.requeue_waiting_reports, tasks.request_municipality_report):
        assert periodic.soft_time_limit < periodic.time_limit


def test_requeue_sends_what_waits_and_leaves_what_was_just_sent(db):
    now = timezone.now()
    never_sent = report()
    just_sent = report(sent_at=now - dt.timedelta(minutes=1))
    sent_long_ago = report(sent_at=now - dt.timedelta(hours=1))
    stuck = report(state=ReportState.RUNNING, started_at=now - dt.timedelta(hours=1))
    done = report(state=ReportState.DONE)
    with mock.patch.object(tasks.build_status_report, "apply_async") as send:
        assert services.status_reports_requeue_waiting(now=now) == 3
    sent = {call.kwargs["args"][0] for call in send.call_args_list}
    assert sent == {never_sent.pk, sent_long_ago.pk, stuck.pk}
    assert just_sent.pk not in sent and done.pk not in sent


def test_requeue_stops_while_the_broker_is_still_away(db):
    report()
    report()
    with mock.patch.object(
        tasks.build_status_report, "apply_async", side_effect=BrokerError("away")
    ) as send:
        assert services.status_reports_requeue_waiting() == 0
    assert send.call_count == 1


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 7, 1), Period.h1(2025)),
        (D(2026, 1, 1), Period.whole_year(2025)),
        (D(2025, 3, 15), Period.whole_year(2024)),
    ],
)
def test_the_scheduled_report_is_for_the_half_year_just_ended(db, today, expected):
    with mock.patch.object(tasks.build_status_report, "apply_async"):
        made = services.municipality_report_request_for_last_half(today=today)
        again = services.municipality_report_request_for_last_half(today=today)
    assert (made.period, made.department) == (expected, None)
    assert made.requester_label == "Automatisk (halvårsplan)"
    assert again is None  # once per half-year


def test_progress_partial_polls_until_done(client, secretary, db):
    made = report(state=ReportState.RUNNING, progress=40, message="Tallene er beregnet")
    client.force_login(secretary)
    url = reverse("reports:report_progress", args=[made.pk])
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert '<progress id="report-progress-bar" max="100" value="40"' in html
    assert 'aria-live="polite"' in html
    made.state, made.progress = ReportState.DONE, 100
    made.save()
    html = client.get(url).content.decode()
    assert "hx-get" not in html
    assert reverse("reports:report_download", args=[made.pk]) in html


# --- A real worker and Redis --------------------------------------------------------------


@contextmanager
def unreachable_broker():
    """Point the Celery app at a socket that does not exist; the shared Redis keeps running.

    The app's connection and producer pools are set aside and fresh ones used meanwhile,
    then the working ones are put back.
    """
    from jobordninger.celery import app

    good = (app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app._pool = app.amqp._producer_pool = None
    app.conf.broker_url = "redis+socket:///nonexistent/jobordninger-test-broker.sock"
    try:
        yield
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.broker_url, app._pool, app.amqp._producer_pool = good


@pytest.fixture
def worker(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    process = start_worker(extra_env={"MEDIA_ROOT": str(tmp_path)})
    yield process
    stop_worker(process)


def _done(report_id):
    def done():
        state = StatusReport.objects.filter(pk=report_id).values_list("state", flat=True).get()
        assert state != ReportState.FAILED, "the worker failed the report"
        return state == ReportState.DONE

    return done


@pytest.mark.worker
@transactional
def test_a_requested_report_reaches_done_with_a_pdf(client, worker):
    from tests.factories import user_with_role

    user = user_with_role("sekretaer-worker", "Udvalgssekretær")
    PlacementFactory(starts_on=D(2023, 1, 1))
    client.force_login(user)
    response = client.post(reverse("reports:request_report"), {"year": 2023, "period": "year"})
    made = StatusReport.objects.get()
    assert response.url == reverse("reports:report_detail", args=[made.pk])
    wait_for(_done(made.pk), timeout=90)
    made.refresh_from_db()
    assert made.progress == 100
    response = client.get(reverse("reports:report_download", args=[made.pk]))
    assert b"".join(response.streaming_content)[:4] == b"%PDF"


@pytest.mark.worker
@transactional
def test_a_request_made_while_the_broker_is_away_completes_when_it_is_back(client, worker):
    from tests.factories import user_with_role

    user = user_with_role("sekretaer-broker", "Udvalgssekretær")
    client.force_login(user)
    with unreachable_broker():
        started = time.monotonic()
        response = client.post(
            reverse("reports:request_report"), {"year": 2023, "period": "h1"}, follow=True
        )
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 5, f"the page took {elapsed:.1f} s with the broker away"
    assert "Køserveren svarer ikke lige nu" in response.content.decode()
    made = StatusReport.objects.get()
    assert (made.state, made.sent_at) == (ReportState.QUEUED, None)

    # The broker is back: the periodic job sends the waiting request, the worker builds it.
    assert tasks.requeue_waiting_reports.run() == 1
    wait_for(_done(made.pk), timeout=90)
    made.refresh_from_db()
    with made.file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_a_report_whose_worker_died_is_requeued_within_minutes(db):
    """No build may run past the hard time limit, so 'running' after it means a dead worker."""
    assert dt.timedelta(seconds=tasks.BUILD_TIME_LIMIT) < services.STALE_RUNNING_AFTER
    assert services.STALE_RUNNING_AFTER <= dt.timedelta(minutes=6)
    now = timezone.now()
    orphaned = report(state=ReportState.RUNNING, started_at=now - dt.timedelta(minutes=7))
    building = report(state=ReportState.RUNNING, started_at=now - dt.timedelta(minutes=4))
    with mock.patch.object(tasks.build_status_report, "apply_async") as send:
        services.status_reports_requeue_waiting(now=now)
    assert [call.kwargs["args"][0] for call in send.call_args_list] == [orphaned.pk]
    building.refresh_from_db()
    assert building.state == ReportState.RUNNING
