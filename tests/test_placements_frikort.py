"""Socialt frikort: payments on småjob, the year's total across all departments against the
limit in force, a warning at 80 %, refusal past 100 % unless an administrator overrides."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.models import FrikortPayment
from schemes import rules
from schemes.models import FrikortLimit
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date
MID_2024 = D(2024, 6, 30)


@pytest.fixture
def citizen(db):
    return CitizenFactory(frikort_number="FK-123")


@pytest.fixture
def limit_this_year(db):
    """An administrator has entered this year's amount (the migrations stop at 2025)."""
    year = dt.date.today().year
    return FrikortLimit.objects.get_or_create(
        valid_from=D(year, 1, 1),
        defaults={"valid_to": D(year, 12, 31), "amount": Decimal("42766")},
    )[0]


def _smaajob(citizen, code="SOF"):
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department(code)), scheme=scheme("smaajob")
    )
    return PlacementFactory(
        slot=slot, citizen=citizen, starts_on=D(2023, 1, 1), hours_per_week=Decimal("5")
    )


@pytest.fixture
def sof(citizen):
    return _smaajob(citizen, "SOF")


@pytest.fixture
def buf(citizen):
    """The same citizen's småjob in another department: it counts towards the same limit."""
    placement = _smaajob(citizen, "BUF")
    FrikortPayment.objects.create(
        placement=placement, paid_on=D(2024, 3, 31), amount=Decimal("30000"), hours=100
    )
    return placement


def _pay(placement, user, amount, paid_on=MID_2024, reason=""):
    return services.frikort_payment_create(
        placement=placement,
        paid_on=paid_on,
        amount=Decimal(amount),
        hours=Decimal("10"),
        acting_user=user,
        override_reason=reason,
    )


@pytest.mark.parametrize(
    ("amount", "refused"),
    [
        pytest.param("11280", False, id="to exactly 41,280 (100 %)"),
        pytest.param("11280.01", True, id="one øre past 100 %"),
    ],
)
def test_the_2024_limit_counts_every_department(sof, buf, hr_sof, amount, refused):
    if refused:
        with pytest.raises(ValidationError) as raised:
            _pay(sof, hr_sof, amount)
        assert "over grænsen på 41.280,00 kr." in raised.value.message_dict["amount"][0]
        assert not sof.frikort_payments.exists()
    else:
        assert _pay(sof, hr_sof, amount).pk


@pytest.mark.parametrize(
    ("paid_on", "amount", "refused"),
    [
        pytest.param(D(2023, 6, 30), "40000", False, id="30 June 2023: 40,000 for the year"),
        pytest.param(D(2023, 6, 30), "40000.01", True, id="30 June 2023: past 40,000"),
        pytest.param(D(2023, 7, 1), "40000", False, id="1 July 2023: 40,000"),
        pytest.param(D(2024, 1, 1), "41280", False, id="1 Jan 2024: a new year, 41,280"),
    ],
)
def test_the_limit_in_force_on_the_payment_date(sof, hr_sof, paid_on, amount, refused):
    if refused:
        with pytest.raises(ValidationError):
            _pay(sof, hr_sof, amount, paid_on=paid_on)
    else:
        assert _pay(sof, hr_sof, amount, paid_on=paid_on).pk


def test_a_payment_in_april_2023_bringing_the_year_to_30000_is_accepted(sof, hr_sof):
    _pay(sof, hr_sof, "10000", paid_on=D(2023, 2, 1))
    payment = _pay(sof, hr_sof, "20000", paid_on=D(2023, 4, 15))
    assert payment.pk and payment.rule_warnings == []
    assert services.frikort_year_total(citizen=sof.citizen, year=2023) == Decimal("30000")


def test_a_year_without_a_limit_warns_and_never_uses_last_years(client, sof, hr_sof):
    """2026 has no amount entered: the payment is registered with a clear warning."""
    payment = _pay(sof, hr_sof, "50000", paid_on=D(2026, 2, 1))
    assert payment.rule_warnings == [
        "Beløbsgrænsen for 2026 er ikke indtastet: udbetalingen er ikke kontrolleret."
    ]
    client.force_login(hr_sof)
    url = reverse("placements:frikort_payment_create", kwargs={"placement": sof.pk})
    response = client.post(url, {"paid_on": "2026-03-01", "amount": "100", "hours": "1"})
    warnings = [m.message for m in get_messages(response.wsgi_request)]
    assert "Beløbsgrænsen for 2026 er ikke indtastet: udbetalingen er ikke kontrolleret." in (
        warnings
    )


def test_the_status_says_registreret_i_portalen(client, sof, buf, hr_sof):
    client.force_login(hr_sof)
    page = client.get(
        reverse("placements:placement_detail", kwargs={"placement": sof.pk})
    ).content.decode()
    assert "registreret i portalen" in page


def test_an_administrator_may_override_with_a_reason(sof, buf, administrator):
    with pytest.raises(ValidationError) as raised:
        _pay(sof, administrator, "20000")
    assert "begrundelse" in raised.value.message_dict["override_reason"][0]
    payment = _pay(sof, administrator, "20000", reason="Efterregulering aftalt med SKAT")
    assert payment.override_reason == "Efterregulering aftalt med SKAT"


def test_hr_cannot_override_even_with_a_reason(sof, buf, hr_sof):
    with pytest.raises(ValidationError) as raised:
        _pay(sof, hr_sof, "20000", reason="Jeg vil")
    message = raised.value.message_dict["amount"][0]
    assert "Kun en administrator" in message
    # BUF's 30,000 and the year's 50,000 are the other department's business.
    assert "30.000" not in message and "50.000" not in message


def test_payments_only_on_smaajob(db, hr_sof):
    placement = PlacementFactory(
        slot__scheme=scheme("fritidsjob"), slot__workplace__department=department("SOF")
    )
    with pytest.raises(ValidationError) as raised:
        _pay(placement, hr_sof, "100")
    assert "kun registreres på småjob" in raised.value.messages[0]


def test_the_form_warns_at_80_percent(client, sof, buf, hr_sof):
    client.force_login(hr_sof)
    url = reverse("placements:frikort_payment_create", kwargs={"placement": sof.pk})
    page = client.get(url).content.decode()
    assert 'name="override_reason"' not in page  # only administrators may override
    response = client.post(url, {"paid_on": "2024-06-30", "amount": "3.024,00", "hours": "10"})
    assert response.status_code == 302
    assert sof.frikort_payments.get().amount == Decimal("3024")
    warnings = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    # HR of SOF is not told BUF's amount, not even as a share: only that the limit is near.
    assert warnings == ["Borgeren har nu brugt mindst 80 % af frikortgrænsen for 2024."]


def test_no_warning_below_80_percent(client, sof, hr_sof):
    client.force_login(hr_sof)
    url = reverse("placements:frikort_payment_create", kwargs={"placement": sof.pk})
    response = client.post(url, {"paid_on": "2024-06-30", "amount": "1000", "hours": "10"})
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_the_form_refuses_past_100_percent_on_the_amount(client, sof, buf, hr_sof):
    client.force_login(hr_sof)
    url = reverse("placements:frikort_payment_create", kwargs={"placement": sof.pk})
    response = client.post(url, {"paid_on": "2024-06-30", "amount": "11280,01", "hours": "10"})
    assert "over grænsen" in response.context["form"].errors["amount"][0]
    assert 'id="id_amount_error"' in response.content.decode()


def test_the_administrator_form_overrides(client, sof, buf, administrator):
    client.force_login(administrator)
    url = reverse("placements:frikort_payment_create", kwargs={"placement": sof.pk})
    data = {"paid_on": "2024-06-30", "amount": "20000", "hours": "10"}
    response = client.post(url, data)
    assert "override_reason" in response.context["form"].errors
    response = client.post(url, {**data, "override_reason": "Godkendt af chefen"})
    assert response.status_code == 302
    assert sof.frikort_payments.get().override_reason == "Godkendt af chefen"


def test_the_placement_page_shows_the_year_total(client, citizen, hr_sof):
    today = dt.date.today()
    placement = _smaajob(citizen)
    FrikortPayment.objects.create(
        placement=placement, paid_on=today, amount=Decimal("1000"), hours=5
    )
    client.force_login(hr_sof)
    page = client.get(
        reverse("placements:placement_detail", kwargs={"placement": placement.pk})
    ).content.decode()
    assert 'data-testid="frikort-status"' in page
    limit = rules.frikort_limit_on(today)
    if limit is None:  # no amount entered for this year: said so, never last year's
        assert f"Beløbsgrænsen for {today.year} er ikke indtastet." in page  # not 2.026
    else:
        assert f"Socialt frikort {today.year}<" in page  # a year, not 2.026
    assert "registreret i portalen: 1.000,00 kr." in page


def test_hr_sees_only_the_amounts_its_own_department_paid(
    client, sof, buf, hr_sof, hr_buf, limit_this_year
):
    """The limit counts every department, but an amount shows only where it was paid."""
    today = dt.date.today()
    FrikortPayment.objects.create(placement=sof, paid_on=today, amount=Decimal(1000), hours=5)
    FrikortPayment.objects.create(placement=buf, paid_on=today, amount=Decimal(35000), hours=5)
    pages = {
        "citizen": reverse("placements:citizen_detail", kwargs={"citizen": sof.citizen_id}),
        "placement": reverse("placements:placement_detail", kwargs={"placement": sof.pk}),
        "payment": reverse("placements:frikort_payment_create", kwargs={"placement": sof.pk}),
    }
    client.force_login(hr_sof)
    for url in pages.values():
        page = client.get(url).content.decode()
        assert "1.000,00 kr." in page
        assert "35.000,00" not in page and "36.000,00" not in page
        assert "Over 80 % af grænsen er brugt." in page  # the limit is still near
    client.force_login(hr_buf)
    page = client.get(pages["citizen"]).content.decode()
    assert "35.000,00 kr." in page and "1.000,00" not in page


def test_an_administrator_sees_every_departments_total(
    client, sof, buf, administrator, limit_this_year
):
    today = dt.date.today()
    FrikortPayment.objects.create(placement=sof, paid_on=today, amount=Decimal(1000), hours=5)
    FrikortPayment.objects.create(placement=buf, paid_on=today, amount=Decimal(35000), hours=5)
    client.force_login(administrator)
    url = reverse("placements:citizen_detail", kwargs={"citizen": sof.citizen_id})
    page = client.get(url).content.decode()
    assert "Udbetalt i år i hele kommunen, registreret i portalen: 36.000,00 kr." in page
