from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matchning"

    def ready(self):
        from placements import retention

        from . import signals  # noqa: F401  (connects the receivers)
        from .retention import anonymise_profiles, recent_referrals

        # A referral counts as activity; anonymising blanks the candidate's free text.
        if recent_referrals not in retention.RECENT_ACTIVITY:
            retention.RECENT_ACTIVITY.append(recent_referrals)
            retention.ON_ANONYMISE.append(anonymise_profiles)
