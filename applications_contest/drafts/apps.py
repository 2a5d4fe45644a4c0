from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftsConfig(AppConfig):
    name = "applications_contest.drafts"
    label = "contest_drafts"
    verbose_name = _("Contest applications")
