from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "municipal_platform.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from celery.signals import worker_init

        from municipal_platform.crypto import check_master_key_at_startup

        from . import checks  # noqa: F401  (registers the master-key check)

        # a Celery worker with a wrong master key stops before its first task
        worker_init.connect(lambda **kwargs: check_master_key_at_startup(), weak=False)
