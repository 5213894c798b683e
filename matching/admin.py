from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from placements.access import ReadLoggedAdmin

from .models import CandidateProfile, Notice, Referral, Subscription


@admin.register(CandidateProfile)
class CandidateProfileAdmin(ReadLoggedAdmin, SimpleHistoryAdmin):
    list_display = ["citizen", "consultant", "wanted_hours_per_week", "active"]
    list_filter = ["active", "preferred_schemes"]
    raw_id_fields = ["citizen", "consultant"]
    filter_horizontal = ["preferred_schemes"]


@admin.register(Referral)
class ReferralAdmin(ReadLoggedAdmin, SimpleHistoryAdmin):
    list_display = ["pk", "slot", "state", "starts_on", "proposed_by", "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["slot", "citizen", "proposed_by", "decided_by", "placement"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "by_email"]
    filter_horizontal = ["schemes", "districts"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["user", "slot", "created_at", "read_at", "emailed_at"]
    raw_id_fields = ["user", "slot", "referral"]
