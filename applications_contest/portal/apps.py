from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "applications_contest.portal"
    label = "contest_portal"
    verbose_name = _("Best-practice contest")
