"""Pages every role shares: help (the Danish guides in docs/), the header search, the error
pages, and signing in and out."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.roles import ROLES
from core.views import role_required
from jobordninger import oidc
from jobordninger.context_processors import SEARCH_ROLES
from organisation.models import Workplace
from organisation.scope import ADMINISTRATOR, HR, roles_of

DOCS = Path(settings.BASE_DIR) / "docs"
# slug → (file in docs/, title); a guide whose file is missing is left out.
GUIDES = {
    "import": ("import.md", gettext_lazy("Import af pladser og forløb")),
    "status": ("status-method.md", gettext_lazy("Sådan regnes halvårsstatus")),
    "regler": ("regler.md", gettext_lazy("Reglerne for ordningerne")),
    "maaltal": ("targets-import.md", gettext_lazy("Import af måltal")),
}
SEARCH_LIMIT = 25


def available_guides() -> list[tuple[str, str]]:
    return [(slug, title) for slug, (name, title) in GUIDES.items() if (DOCS / name).exists()]


@role_required(*ROLES)
@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html", {"guides": available_guides()})


@role_required(*ROLES)
@require_GET
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    import markdown

    if slug not in GUIDES or not (DOCS / GUIDES[slug][0]).exists():
        raise Http404
    name, title = GUIDES[slug]
    html = markdown.markdown(
        (DOCS / name).read_text(encoding="utf-8"),
        extensions=["tables", "fenced_code", "toc"],
        output_format="html",
    )
    return render(
        request, "help/page.html", {"title": title, "body": html, "guides": available_guides()}
    )


@role_required(*SEARCH_ROLES)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Workplaces by name or P-nummer and slots by title, within what the user may see.
    Citizens are not searched here: they are found by their full CPR number only."""
    roles = roles_of(request.user)
    query = request.GET.get("q", "").strip()[:100]
    hr = bool(roles & {HR, ADMINISTRATOR})
    context = {"search_query": query, "workplaces": [], "slots": [], "hr": hr}
    if len(query) >= 2:
        context.update(_results(request.user, query, hr=hr))
    return render(request, "search.html", context)


def _results(user, query: str, *, hr: bool) -> dict:
    from django.db.models import Q

    from placements.models import Slot

    workplaces = Workplace.objects.filter(
        Q(name__icontains=query) | Q(p_number__startswith=query.replace(" ", ""))
    ).select_related("department")
    if hr:
        slots = Slot.objects.for_user(user).filter(title__icontains=query)
        workplaces = workplaces.filter(pk__in=Workplace.objects.for_user(user).values("pk"))
    else:  # a consultant sees the slots that are vacant today, in every department
        from placements.vacancy import vacant_slots

        slots = vacant_slots(timezone.localdate()).filter(
            Q(title__icontains=query)
            | Q(workplace__name__icontains=query)
            | Q(workplace__p_number__startswith=query.replace(" ", ""))
        )
        workplaces = workplaces.none()
    return {
        "workplaces": list(workplaces.order_by("name", "pk")[:SEARCH_LIMIT]),
        "slots": list(
            slots.select_related("workplace", "scheme").order_by("title", "pk")[:SEARCH_LIMIT]
        ),
    }


class LoginForm(AuthenticationForm):
    """Django's sign-in form with the design system's input classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input"


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, sso_enabled=oidc.enabled())

    def form_valid(self, form):
        # The start page shows what happened since the previous visit; signing in
        # overwrites last_login, so the previous one is kept in the new session.
        previous = form.get_user().last_login
        response = super().form_valid(form)
        self.request.session["previous_login"] = previous.isoformat() if previous else None
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Du er logget af."))
        return response


def server_error(request=None) -> HttpResponse:
    """The 500 page without the database or a signed-in user: the failure may be either."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
