from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "municipal_platform.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        # Each app registers the messages it sends in its `emails` module (like admin.py), so the relay
        # knows every kind in any process, the web server's and the worker's alike.
        autodiscover_modules("emails")
