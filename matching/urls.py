"""Matching under /matchning/. Every route takes ids, never a CPR number."""

from django.urls import path

from matching.views import board, candidates, notices, referrals

app_name = "matching"

urlpatterns = [
    path("pladser/", board.BoardView.as_view(), name="board"),
    path("pladser/tid-til-besaettelse/", board.time_to_fill, name="time_to_fill"),
    path("pladser/<int:slot>/", board.slot_detail, name="slot_detail"),
    path(
        "pladser/<int:slot>/henvis/<int:citizen>/",
        board.referral_create,
        name="referral_create",
    ),
    path("kandidater/", candidates.CandidateListView.as_view(), name="candidate_list"),
    path("kandidater/find/", candidates.candidate_search, name="candidate_search"),
    path("kandidater/ny/", candidates.candidate_create, name="candidate_create"),
    path("kandidater/<int:citizen>/", candidates.candidate_detail, name="candidate_detail"),
    path("kandidater/<int:citizen>/ret/", candidates.candidate_update, name="candidate_update"),
    path("henvisninger/", referrals.ReferralListView.as_view(), name="referral_list"),
    path("henvisninger/<int:referral>/", referrals.referral_detail, name="referral_detail"),
    path(
        "henvisninger/<int:referral>/accepter/",
        referrals.referral_accept,
        name="referral_accept",
    ),
    path("henvisninger/<int:referral>/afvis/", referrals.referral_decline, name="referral_decline"),
    path(
        "henvisninger/<int:referral>/traek-tilbage/",
        referrals.referral_withdraw,
        name="referral_withdraw",
    ),
    path("beskeder/", notices.notice_list, name="notice_list"),
    path("beskeder/laest/", notices.notice_read, name="notice_read"),
    path("beskeder/<int:notice>/", notices.notice_open, name="notice_open"),
    path("abonnementer/", notices.subscriptions, name="subscriptions"),
]
