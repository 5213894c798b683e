"""Import of slots and placements: upload, a preview of what will be created, confirm.

The uploaded file waits in the user's session between preview and confirmation, encrypted
(it holds CPR numbers, and the session table is not meant for them), for at most
PENDING_IMPORT_MINUTES; it is removed when confirmed and checked again in full then.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.spreadsheets import template_xlsx
from organisation.views import xlsx_response
from placements.access import hr_required, log_citizen_access
from placements.forms import ImportUploadForm
from placements.importers import COLUMNS, EXAMPLE, LABELS, ImportFormatError, import_hr

SESSION_KEY = "placements_pending_import"
PENDING_IMPORT_MINUTES = 30


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"pending-import:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _seal(content: bytes) -> str:
    return _fernet().encrypt(content).decode("ascii")


def _unseal(token: str) -> bytes | None:
    try:
        return _fernet().decrypt(token.encode("ascii"), ttl=PENDING_IMPORT_MINUTES * 60)
    except InvalidToken:
        return None


def _columns() -> list[str]:
    return [LABELS[key] for key in dict.fromkeys(COLUMNS.values())]


def _page(request, form, **context) -> HttpResponse:
    return render(
        request, "placements/import.html", {"form": form, "columns": _columns(), **context}
    )


def _log_existing_citizens(request, result, *, purpose: str) -> None:
    """Citizens already in the register whom the file names: shown, so logged."""
    created = {row.citizen_id for row in result.rows if row.citizen_created}
    ids = [row.citizen_id for row in result.rows if row.citizen_id and row.citizen_id not in created]
    if result.committed:
        ids = [row.citizen_id for row in result.rows if row.citizen_id]
    log_citizen_access(request, ids, purpose=purpose)


@hr_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX to fill in: every column's header and an example row."""
    headers = _columns()
    example = [EXAMPLE.get(key, "") for key in dict.fromkeys(COLUMNS.values())]
    return xlsx_response(
        template_xlsx([(_("Pladser og forløb"), headers, [example])]), "import-skabelon.xlsx"
    )


@hr_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file and see what it would create (a dry run of the whole import)."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            result = import_hr(
                filename=upload.name, content=content, acting_user=request.user, commit=False
            )
        except ImportFormatError as error:
            form.add_error("file", str(error))
            return _page(request, form)
        _log_existing_citizens(request, result, purpose=_("Forhåndsvisning af import"))
        request.session.pop(SESSION_KEY, None)
        if not result.errors:
            request.session[SESSION_KEY] = {"filename": upload.name, "content": _seal(content)}
        return _page(request, form, result=result, filename=upload.name)
    return _page(request, form)


@hr_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the previewed file; if any row fails now, nothing is written."""
    pending = request.session.pop(SESSION_KEY, None)
    content = _unseal(pending["content"]) if pending else None
    if content is None:
        messages.error(request, _("Der er ingen fil at importere. Vælg filen igen."))
        return redirect("placements:import")
    result = import_hr(
        filename=pending["filename"], content=content, acting_user=request.user, commit=True
    )
    _log_existing_citizens(request, result, purpose=_("Import af forløb"))
    if result.errors:
        return _page(request, ImportUploadForm(), result=result, filename=pending["filename"])
    messages.success(
        request,
        _(
            "Importen er gennemført: %(slots)s pladser, %(citizens)s borgere og %(placements)s forløb oprettet, %(history)s hændelser registreret."
        )
        % {
            "slots": result.slots_created,
            "citizens": result.citizens_created,
            "placements": result.placements_created,
            "history": result.history_entries,
        },
    )
    return redirect("placements:slot_list")
