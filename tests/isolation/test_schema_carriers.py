"""Everything that outlives a request carries the municipality's schema: cache keys and stored file paths
(here), sessions (tests/isolation/test_hosts_and_logins.py: a session of one municipality is no login at
another nor at the portal), API tokens (the same file and tests/security/test_api_tokens.py: a knox token of
one municipality is refused by another) and Celery tasks (tests/platform/test_celery_worker.py: a task sent
from a schema runs in it on a real worker; a municipal task sent from public is refused)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django_tenants.utils import schema_context

from municipal_platform import files
from municipal_platform import settings as project_settings

pytestmark = pytest.mark.django_db


def test_the_configured_cache_keys_carry_the_schema():
    assert project_settings.CACHES["default"]["KEY_FUNCTION"] == "django_tenants.cache.make_key"


def test_a_cached_value_of_one_municipality_is_not_read_at_another_or_the_portal(ambrolauri, tskaltubo):
    with schema_context("ambrolauri"):
        cache.set("figures", "ambrolauri's")
        key_a = cache.make_key("figures")
    for schema in ("tskaltubo", "public"):
        with schema_context(schema):
            assert cache.get("figures") is None, schema
            assert cache.make_key("figures") != key_a
    with schema_context("ambrolauri"):
        assert cache.get("figures") == "ambrolauri's"


def test_stored_file_paths_start_with_the_schema(ambrolauri, tskaltubo):
    upload_to = files.SchemaPath("module/area")
    for schema in ("ambrolauri", "tskaltubo"):
        with schema_context(schema):
            path = upload_to(None, "../../other/evil name.PDF")
        assert path.startswith(f"{schema}/module/area/") and path.endswith(".pdf") and ".." not in path
        assert files.schema_of(path) == schema


def test_every_file_field_of_every_module_stores_through_the_private_schema_storage():
    """Discovered, not listed: a module that adds a file field is checked without editing this test."""
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]
    assert fields, "the feedback module stores files"
    for field in fields:
        label = f"{field.model._meta.label}.{field.name}"
        assert isinstance(field.upload_to, files.SchemaPath), label
        assert isinstance(field.storage, files.PrivateStorage), label
