from django.urls import path
from django.views.generic import RedirectView

from reports import views

app_name = "reports"

urlpatterns = [
    # The status has a path of its own so the menu marks only one item under /status/.
    path("", RedirectView.as_view(pattern_name="reports:status", query_string=True)),
    path("halvaar/", views.status, name="status"),
    path("eksport/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("rapporter/", views.archive, name="archive"),
    path("rapporter/bestil/", views.request_report, name="request_report"),
    path("rapporter/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapporter/<int:pk>/fremdrift/", views.report_progress, name="report_progress"),
    path("rapporter/<int:pk>/hent/", views.report_download, name="report_download"),
]
