"""Onboarding: a municipality's organisation and users loaded from one workbook (or CSVs).

Five sheets (or CSV files named after them): departments, districts with neighbours,
workplaces, yearly headcounts and users with role and department scope; see
docs/onboarding.md. All or nothing: each row runs in a savepoint so every failing row is
reported with its sheet and number, and the whole import is rolled back when any row
fails (or for a preview). New users get an e-mail with a link to choose their password.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from organisation import spreadsheets
from organisation.models import (
    Department,
    DepartmentHeadcount,
    District,
    Municipality,
    UserScope,
    Workplace,
)
from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, ROLES, SECRETARY
from organisation.spreadsheets import (
    ImportFormatError,
    Layout,
    RowError,
    codes,
    parse_whole,
    parse_yes_no,
    text,
)
from organisation.welcome import send_welcome_on_commit

DEPARTMENTS, DISTRICTS, WORKPLACES, HEADCOUNTS, USERS = (
    "departments",
    "districts",
    "workplaces",
    "headcounts",
    "users",
)
KINDS = (DEPARTMENTS, DISTRICTS, WORKPLACES, HEADCOUNTS, USERS)
ROLE_ALIASES = {
    "hr": HR,
    "jobkonsulent": CONSULTANT,
    "konsulent": CONSULTANT,
    "udvalgssekretær": SECRETARY,
    "sekretær": SECRETARY,
    "administrator": ADMINISTRATOR,
}


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: str
    layout: Layout
    example: list


def sheets(municipality: Municipality | None = None) -> list[Sheet]:
    """The five sheets, in the order they are read, named with the municipality's words."""
    m = municipality or Municipality.current()
    department, district = m.department_singular.capitalize(), m.district_singular.capitalize()
    department_keys = {"forvaltning": "department", m.department_singular.lower(): "department"}
    district_keys = {"bydel": "district", m.district_singular.lower(): "district"}
    return [
        Sheet(
            DEPARTMENTS,
            m.department_plural.capitalize(),
            Layout(
                {"kode": "code", "navn": "name"}, {"code": "Kode", "name": "Navn"}, ("code", "name")
            ),
            ["ADM", f"{department} for Administration"],
        ),
        Sheet(
            DISTRICTS,
            m.district_plural.capitalize(),
            Layout(
                {"kode": "code", "navn": "name", "naboer": "neighbours"},
                {"code": "Kode", "name": "Navn", "neighbours": "Naboer"},
                ("code", "name"),
            ),
            ["nord", f"{district} Nord", "syd, vest"],
        ),
        Sheet(
            WORKPLACES,
            "Arbejdssteder",
            Layout(
                {
                    "p-nummer": "p_number",
                    "navn": "name",
                    **department_keys,
                    **district_keys,
                    "offentlig": "is_public",
                    "ordinært ansatte": "ordinary_employees",
                },
                {
                    "p_number": "P-nummer",
                    "name": "Navn",
                    "department": department,
                    "district": district,
                    "is_public": "Offentlig",
                    "ordinary_employees": "Ordinært ansatte",
                },
                ("p_number", "name", "department", "district", "ordinary_employees"),
            ),
            ["1234567890", "Rådhusets kantine", "ADM", "nord", "ja", 25],
        ),
        Sheet(
            HEADCOUNTS,
            "Antal ansatte",
            Layout(
                {**department_keys, "år": "year", "antal ansatte": "employees"},
                {"department": department, "year": "År", "employees": "Antal ansatte"},
                ("department", "year", "employees"),
            ),
            ["ADM", 2026, 850],
        ),
        Sheet(
            USERS,
            "Brugere",
            Layout(
                {
                    "brugernavn": "username",
                    "fornavn": "first_name",
                    "efternavn": "last_name",
                    "e-mail": "email",
                    "rolle": "role",
                    m.department_plural.lower(): "departments",
                    "forvaltninger": "departments",
                },
                {
                    "username": "Brugernavn",
                    "first_name": "Fornavn",
                    "last_name": "Efternavn",
                    "email": "E-mail",
                    "role": "Rolle",
                    "departments": m.department_plural.capitalize(),
                },
                ("username", "email", "role"),
            ),
            ["hanne.hansen", "Hanne", "Hansen", "hanne.hansen@kommune.invalid", "HR", "ADM"],
        ),
    ]


def template_workbook() -> bytes:
    """The XLSX to fill in: one sheet per kind, its headers and an example row."""
    return spreadsheets.template_xlsx(
        [(s.title, s.layout.headers(), [s.example]) for s in sheets()]
    )


# --- Reading ------------------------------------------------------------------------------------


def _kind_of(name: str, all_sheets: list[Sheet]) -> Sheet | None:
    wanted = spreadsheets.normalise_header(PurePath(name).stem.replace("_", " "))
    aliases = {
        DEPARTMENTS: {"forvaltninger"},
        DISTRICTS: {"bydele"},
        HEADCOUNTS: {"ansatte"},
        USERS: {"brugere"},
        WORKPLACES: {"arbejdssteder"},
    }
    for sheet in all_sheets:
        names = {sheet.title.lower(), *aliases[sheet.kind]}
        if any(alias in wanted for alias in names):
            return sheet
    return None


def read_files(files: list[tuple[str, bytes]]) -> dict[str, spreadsheets.Records]:
    """Each kind's rows from an XLSX workbook's sheets and/or CSV files named after them."""
    all_sheets = sheets()
    found: dict[str, spreadsheets.Records] = {}

    def add(name: str, rows: list[list]) -> None:
        sheet = _kind_of(name, all_sheets)
        if sheet is None:
            raise ImportFormatError(
                _("“%(name)s” er ikke et af arkene %(sheets)s.")
                % {"name": name, "sheets": ", ".join(s.title for s in all_sheets)}
            )
        if sheet.kind in found:
            raise ImportFormatError(_("Arket %(sheet)s findes to gange.") % {"sheet": sheet.title})
        try:
            found[sheet.kind] = spreadsheets.table_records(rows, sheet.layout)
        except ImportFormatError as error:
            raise ImportFormatError(f"{sheet.title}: {error}") from error

    for filename, content in files:
        lower = filename.lower()
        if lower.endswith(".xlsx"):
            for title, rows in spreadsheets.xlsx_sheets(content).items():
                if any(any(cell not in (None, "") for cell in row) for row in rows):
                    add(title, rows)
        elif lower.endswith(".csv"):
            add(filename, spreadsheets.csv_rows(content))
        else:
            raise ImportFormatError(_("Vælg XLSX- eller CSV-filer."))
    if not any(found.values()):
        raise ImportFormatError(_("Filerne har ingen rækker under overskrifterne."))
    return found


# --- Rows ---------------------------------------------------------------------------------------


@dataclass
class RowResult:
    kind: str
    number: int
    text: str
    created: bool


@dataclass
class OnboardingResult:
    rows: list[RowResult] = field(default_factory=list)
    # (sheet title, row number, messages)
    errors: list[tuple[str, int, list[str]]] = field(default_factory=list)
    committed: bool = False

    def created(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind and row.created)

    def updated(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind and not row.created)

    def summary(self) -> list[tuple[str, int, int]]:
        titles = {s.kind: s.title for s in sheets()}
        return [(titles[kind], self.created(kind), self.updated(kind)) for kind in KINDS]


def _lookup(model, value, key: str, label: str):
    wanted = text(value)
    found = (
        model.objects.filter(code__iexact=wanted).first()
        or model.objects.filter(name__iexact=wanted).first()
    )
    if found is None:
        raise RowError(key, _("Ukendt %(what)s “%(value)s”.") % {"what": label, "value": wanted})
    return found


def _save(obj, acting_user, created: bool) -> None:
    obj.full_clean(validate_unique=True)
    obj.save()
    if acting_user is not None:
        LogEntry.objects.log_actions(
            user_id=acting_user.pk,
            queryset=[obj],
            action_flag=ADDITION if created else CHANGE,
            change_message=_("Oprettet ved import") if created else _("Ændret ved import"),
            single_object=True,
        )


class _Importer:
    def __init__(self, acting_user):
        self.acting_user = acting_user
        self.words = Municipality.current()
        self.new_users = []

    def department(self, values) -> RowResult:
        code = text(values.get("code"))
        obj = Department.objects.filter(code=code).first()
        created = obj is None
        obj = obj or Department(code=code)
        obj.name = text(values.get("name"))
        _save(obj, self.acting_user, created)
        return RowResult(DEPARTMENTS, 0, f"{obj.name} ({obj.code})", created)

    def district(self, values) -> RowResult:
        code = text(values.get("code"))
        obj = District.objects.filter(code=code).first()
        created = obj is None
        obj = obj or District(code=code)
        obj.name = text(values.get("name"))
        _save(obj, self.acting_user, created)
        return RowResult(DISTRICTS, 0, obj.name, created)

    def neighbours(self, values) -> None:
        district = District.objects.get(code=text(values.get("code")))
        others = [
            _lookup(District, code, "neighbours", self.words.district_singular)
            for code in codes(values.get("neighbours"))
        ]
        district.neighbours.add(*others)

    def workplace(self, values) -> RowResult:
        p_number = text(values.get("p_number")).replace(" ", "")
        obj = Workplace.objects.filter(p_number=p_number).first()
        created = obj is None
        obj = obj or Workplace(p_number=p_number)
        obj.name = text(values.get("name"))
        obj.department = _lookup(
            Department, values.get("department"), "department", self.words.department_singular
        )
        obj.district = _lookup(
            District, values.get("district"), "district", self.words.district_singular
        )
        is_public = parse_yes_no(values.get("is_public"), "is_public")
        obj.is_public = True if is_public is None else is_public
        obj.ordinary_employees = parse_whole(values.get("ordinary_employees"), "ordinary_employees")
        _save(obj, self.acting_user, created)
        kind = _("offentlig") if obj.is_public else _("privat")
        return RowResult(WORKPLACES, 0, f"{obj.name} ({obj.p_number}, {kind})", created)

    def headcount(self, values) -> RowResult:
        department = _lookup(
            Department, values.get("department"), "department", self.words.department_singular
        )
        year = parse_whole(values.get("year"), "year")
        if year is None or not 2000 <= year <= 2100:
            raise RowError("year", _("Skriv et årstal, fx 2026."))
        obj = DepartmentHeadcount.objects.filter(department=department, year=year).first()
        created = obj is None
        obj = obj or DepartmentHeadcount(department=department, year=year)
        obj.employees = parse_whole(values.get("employees"), "employees")
        _save(obj, self.acting_user, created)
        return RowResult(HEADCOUNTS, 0, f"{department.code} {year}: {obj.employees}", created)

    def user(self, values) -> RowResult:
        User = get_user_model()
        role = ROLE_ALIASES.get(text(values.get("role")).lower())
        if role is None:
            raise RowError(
                "role", _("Rollen skal være en af %(roles)s.") % {"roles": ", ".join(ROLES)}
            )
        departments = [
            _lookup(Department, code, "departments", self.words.department_singular)
            for code in codes(values.get("departments"))
        ]
        if role == HR and not departments:
            raise RowError(
                "departments",
                _("En HR-bruger skal have mindst én %(word)s.")
                % {"word": self.words.department_singular},
            )
        username = text(values.get("username"))
        obj = User.objects.filter(username=username).first()
        created = obj is None
        obj = obj or User(username=username)
        obj.first_name = text(values.get("first_name"))
        obj.last_name = text(values.get("last_name"))
        obj.email = text(values.get("email"))
        if not obj.email:
            raise RowError("email", _("Skal udfyldes: brugeren får sin adgangskode-mail her."))
        obj.is_staff = role == ADMINISTRATOR  # the administrator works in /admin/ too
        if created:
            obj.set_unusable_password()
        _save(obj, self.acting_user, created)
        obj.groups.remove(*Group.objects.filter(name__in=ROLES))
        obj.groups.add(Group.objects.get(name=role))
        scope, _created = UserScope.objects.get_or_create(user=obj)
        scope.departments.set(departments)
        if created:
            self.new_users.append(obj)
        return RowResult(USERS, 0, f"{obj.get_full_name() or obj.username} ({role})", created)


def _messages(error: Exception, layout: Layout) -> list[str]:
    if isinstance(error, RowError):
        label = layout.labels.get(error.column or "", "")
        return [f"{label}: {error.message}" if label else error.message]
    by_field = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    messages = []
    for name, texts in by_field.items():
        label = layout.labels.get(name, "")
        messages.extend(f"{label}: {t}" if label else str(t) for t in texts)
    return messages


@transaction.atomic
def import_organisation(
    *, files: list[tuple[str, bytes]], acting_user, commit: bool
) -> OnboardingResult:
    """Check (and with `commit`, write) every row of every sheet; nothing if any row fails."""
    found = read_files(files)
    result = OnboardingResult()
    importer = _Importer(acting_user)
    steps = {
        DEPARTMENTS: importer.department,
        DISTRICTS: importer.district,
        WORKPLACES: importer.workplace,
        HEADCOUNTS: importer.headcount,
        USERS: importer.user,
    }
    for sheet in sheets():
        step = steps[sheet.kind]
        for number, values in found.get(sheet.kind, []):
            _run(result, sheet, number, lambda step=step, v=values: step(v))
        if sheet.kind == DISTRICTS:  # neighbours once every district of the file exists
            for number, values in found.get(DISTRICTS, []):
                if text(values.get("neighbours")):
                    _run(result, sheet, number, lambda v=values: importer.neighbours(v))
    result.committed = commit and not result.errors
    if result.committed:
        send_welcome_on_commit(importer.new_users)
    else:
        transaction.set_rollback(True)
    return result


def _run(result: OnboardingResult, sheet: Sheet, number: int, step) -> None:
    try:
        with transaction.atomic():
            row = step()
    except (RowError, ValidationError) as error:
        result.errors.append((sheet.title, number, _messages(error, sheet.layout)))
    except District.DoesNotExist:
        pass  # the district's own row failed and is reported already
    except DatabaseError:
        result.errors.append((sheet.title, number, [_("Rækken kunne ikke gemmes i databasen.")]))
    else:
        if row is not None:
            row.number = number
            result.rows.append(row)
