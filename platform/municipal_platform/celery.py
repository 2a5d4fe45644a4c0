"""The Celery app: tenant-aware, so a task sent from a municipality runs in that municipality's schema."""

import os

from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipal_platform.settings")


class MunicipalityTask(TenantTask):
    """A task that must run inside a municipality's schema.

    tenant-schemas-celery records the schema when the message is sent and a task with no schema
    silently runs in public; for municipal work that would read or write the wrong tables, so it
    is refused.
    """

    abstract = True

    def __call__(self, *args, **kwargs):
        from .schemas import in_public_schema

        if in_public_schema():
            raise RuntimeError(f"task {self.name} was sent without a municipality schema; refused")
        return super().__call__(*args, **kwargs)


app = CeleryApp("municipal_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The project package is not an installed app itself, so name its own task module.
app.conf.imports = ("municipal_platform.tasks",)
