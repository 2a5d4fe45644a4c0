"""`manage.py check` (and migrate, runserver) refuse a wrong field-encryption master key."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=False)
def master_key_matches(app_configs, **kwargs):
    from municipal_platform import crypto

    try:
        crypto.check_master_key(record=False)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="audit.E001")]
    except DatabaseError:
        from django.db import connection

        connection.close()  # not migrated or not reachable yet: the first use checks again
    return []
