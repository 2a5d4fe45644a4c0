from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildSupportConfig(AppConfig):
    name = "child_support"
    verbose_name = _("Child and family support")
