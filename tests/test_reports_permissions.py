"""Who may see status, exports, reports and targets; and that secretaries see no person."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.periods import Period
from reports.models import ReportState, StatusReport
from reports.pdf import render_report_pdf
from reports.status import build_report
from tests.factories import CitizenFactory, PlacementFactory, SlotFactory, WorkplaceFactory
from tests.factories import department as dep
from tests.status_scenario import D, pdf_text

NAME = "Ulla Unikasdóttir"
CPR = "1211805678"
CPR_SHOWN = ("1211805678", "121180-5678", "121180")


@pytest.fixture
def person(db):
    citizen = CitizenFactory(name=NAME, cpr=CPR)
    PlacementFactory(
        citizen=citizen,
        slot=SlotFactory(workplace=WorkplaceFactory(department=dep("SOF"))),
        starts_on=D(2023, 2, 1),
        ended_on=D(2023, 5, 1),
        outcome="ordinary_job",
    )
    return citizen


@pytest.fixture
def reports(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    made = {}
    for key, department in (("sof", dep("SOF")), ("buf", dep("BUF")), ("all", None)):
        report = StatusReport.objects.create(
            starts_on=D(2023, 1, 1), ends_on=D(2023, 12, 31), department=department, state=ReportState.DONE, progress=100
        )
        report.file.save(report.filename(), ContentFile(b"%PDF-1.7 test"), save=True)
        made[key] = report
    return made


def status_url(**params):
    query = "&".join(f"{k}={v}" for k, v in {"year": 2023, "period": "year", **params}.items())
    return f"{reverse('reports:status')}?{query}"


def export_urls(**params):
    query = "&".join(f"{k}={v}" for k, v in {"year": 2023, "period": "year", **params}.items())
    return [
        f"{reverse('reports:export', args=[table, fmt])}?{query}"
        for table in ("status", "outcomes", "slot_states")
        for fmt in ("csv", "xlsx", "json")
    ]


def assert_no_person(content: bytes | str):
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    assert NAME not in text
    assert "Ulla" not in text
    for shown in CPR_SHOWN:
        assert shown not in text


@pytest.mark.parametrize(
    "name",
    ["reports:status", "reports:archive", "schemes:target_list", "schemes:target_import"],
)
def test_anonymous_users_are_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_users_cannot_export_or_download(client, reports):
    for url in [
        *export_urls(),
        reverse("reports:report_download", args=[reports["all"].pk]),
        reverse("reports:report_progress", args=[reports["all"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


def test_secretary_sees_status_and_exports_but_no_person(client, secretary, person, reports):
    client.force_login(secretary)
    response = client.get(status_url())
    assert response.status_code == 200
    assert_no_person(response.content)
    assert "Udfald af afsluttede forløb" in response.content.decode()
    for url in export_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_person(response.content)
    for url in [
        reverse("reports:archive"),
        reverse("reports:report_detail", args=[reports["all"].pk]),
        reverse("reports:report_progress", args=[reports["all"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_person(response.content)


def test_the_pdf_holds_aggregates_only(person):
    pages = pdf_text(render_report_pdf(build_report(Period.whole_year(2023))))
    assert_no_person("\n".join(pages))
    assert any("Ordinært job" in page for page in pages)


def test_secretary_may_not_edit_targets(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("schemes:target_list")).status_code == 403
    assert client.get(reverse("schemes:target_import")).status_code == 403


def test_hr_sees_own_department_status_by_default(client, hr_sof, person):
    client.force_login(hr_sof)
    response = client.get(status_url())
    assert response.status_code == 200
    assert [d.code for d in response.context["status"].departments] == ["SOF"]
    assert_no_person(response.content)


def test_hr_gets_403_for_another_department(client, hr_sof, person):
    client.force_login(hr_sof)
    buf = dep("BUF").pk
    assert client.get(status_url(department=buf)).status_code == 403
    for url in export_urls(department=buf):
        assert client.get(url).status_code == 403, url


def test_hr_may_not_request_another_departments_report(client, hr_sof):
    client.force_login(hr_sof)
    response = client.post(
        reverse("reports:request_report"), {"year": 2023, "period": "year", "department": dep("BUF").pk}
    )
    assert response.status_code == 403
    response = client.post(reverse("reports:request_report"), {"year": 2023, "period": "year"})
    assert response.status_code == 403  # the whole municipality
    assert not StatusReport.objects.exists()


def test_hr_archive_lists_own_department_and_refuses_others(client, hr_sof, reports):
    client.force_login(hr_sof)
    response = client.get(reverse("reports:archive"))
    assert response.status_code == 200
    assert list(response.context["table"].data) == [reports["sof"]]
    assert (
        client.get(reverse("reports:archive") + f"?department={dep('BUF').pk}").status_code == 403
    )
    assert client.get(reverse("reports:archive") + "?department=kommunen").status_code == 403
    for key in ("buf", "all"):
        for name in ("report_detail", "report_progress", "report_download"):
            url = reverse(f"reports:{name}", args=[reports[key].pk])
            assert client.get(url).status_code == 403, url
    response = client.get(reverse("reports:report_download", args=[reports["sof"].pk]))
    assert response.status_code == 200


def test_consultant_sees_no_status(client, consultant, reports):
    client.force_login(consultant)
    assert client.get(status_url()).status_code == 403
    assert client.get(export_urls()[0]).status_code == 403
    assert client.get(reverse("reports:archive")).status_code == 403
    url = reverse("reports:report_download", args=[reports["all"].pk])
    assert client.get(url).status_code == 403


def test_administrator_sees_everything(client, administrator, reports):
    client.force_login(administrator)
    assert client.get(status_url()).status_code == 200
    assert client.get(reverse("schemes:target_list")).status_code == 200
    response = client.get(reverse("reports:archive"))
    assert set(response.context["table"].data) == set(reports.values())


def test_archive_filters_and_paginates(client, secretary, reports):
    for _ in range(30):
        StatusReport.objects.create(
            starts_on=D(2022, 1, 1), ends_on=D(2022, 6, 30), department=None
        )
    client.force_login(secretary)
    response = client.get(reverse("reports:archive") + "?department=kommunen&year=2023")
    assert list(response.context["table"].data) == [reports["all"]]
    response = client.get(reverse("reports:archive"))
    assert len(response.context["table"].page.object_list) == 25
    assert "Side 1 af 2" in response.content.decode()


def test_hr_may_request_and_follow_their_own_departments_report(client, hr_sof):
    client.force_login(hr_sof)
    response = client.post(
        reverse("reports:request_report"), {"year": 2023, "period": "h1", "department": dep("SOF").pk}
    )
    report = StatusReport.objects.get()
    assert response.url == reverse("reports:report_detail", args=[report.pk])
    assert (report.department.code, report.requested_by) == ("SOF", hr_sof)
    assert client.get(response.url).status_code == 200


def test_hr_cannot_choose_the_whole_municipality(client, hr_sof):
    client.force_login(hr_sof)
    html = client.get(status_url()).content.decode()
    assert "Hele kommunen" not in html
    assert "Socialforvaltningen (SOF)" in html
    assert "Børne- og Ungdomsforvaltningen (BUF)" not in html
