from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "municipal_platform.disclosure"
    label = "disclosure"
    verbose_name = _("Released figures")
