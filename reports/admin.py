from django.contrib import admin

from reports.models import StatusReport


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "requested_by_name", "requested_at", "state", "progress")
    list_filter = ("state", "starts_on", "department")
    readonly_fields = ("requested_at", "sent_at", "started_at", "finished_at")
