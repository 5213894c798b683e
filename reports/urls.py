from django.urls import path


app_name = "reports"

urlpatterns = [
    path("", views.status, name="status"),
    path("eksport/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("rapporter/", views.archive, name="archive"),
    path("rapporter/bestil/", views.request_report, name="request_report"),
    path("rapporter/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapporter/<int:pk>/fremdrift/", views.report_progress, name="report_progress"),
    path("rapporter/<int:pk>/hent/", views.report_download, name="report_download"),
]
