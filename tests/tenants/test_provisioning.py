"""Provisioning a municipality: cloned schema equals a migrated one; bad input leaves nothing behind."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from municipal_platform.accounts.models import User
from municipal_platform.roles import MUNICIPALITY_ROLES, user_roles
from tenants.models import Domain, Municipality
from tenants.services import municipality_create


def _columns(schema: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name, data_type, is_nullable
                 FROM information_schema.columns WHERE table_schema = %s""",
            [schema],
        )
        return set(cursor.fetchall())


def _constraints(schema: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid)
                 FROM pg_constraint WHERE connamespace = %s::regnamespace""",
            [schema],
        )
        # constraint defs name the schema of referenced tables: compare without it
        return {(t.split(".")[-1], c, d.replace(f"{schema}.", "")) for t, c, d in cursor.fetchall()}


def test_cloned_schema_has_the_same_tables_as_a_migrated_one(db):
    result = municipality_create(slug="gori", name_ka="გორის მუნიციპალიტეტი", name_en="Gori Municipality")
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "by_migrations"')
    call_command("migrate_schemas", tenant=True, schema_name="by_migrations", interactive=False, verbosity=0)
    connection.set_schema_to_public()

    cloned, migrated = _columns(result.municipality.schema_name), _columns("by_migrations")
    assert {t for t, *_ in cloned} >= {"accounts_user", "programmes_benefitapplication", "django_session"}
    assert cloned == migrated
    assert _constraints(result.municipality.schema_name) == _constraints("by_migrations")


def test_provisioning_makes_roles_domain_and_a_head_of_service(db):
    result = municipality_create(
        slug="zugdidi",
        name_ka="ზუგდიდის მუნიციპალიტეტი",
        name_en="Zugdidi Municipality",
        head_password="s3cret-pass",
    )
    municipality = result.municipality
    assert Domain.objects.get(tenant=municipality).domain == "zugdidi.localhost"
    with schema_context(municipality.schema_name):
        head = User.objects.get(username="head")
        assert head.check_password("s3cret-pass")
        assert user_roles(head) == {"head_of_service"}
        from django.contrib.auth.models import Group

        assert set(Group.objects.values_list("name", flat=True)) == {str(r) for r in MUNICIPALITY_ROLES}


@pytest.mark.parametrize(
    "slug, message",
    [
        ("Bad Slug!", "not a valid slug"),
        ("ab", "not a valid slug"),
        ("1tbilisi", "not a valid slug"),
        ("public", "reserved"),
        ("www", "reserved"),
        ("ambrolauri", "already exists"),
    ],
)
def test_bad_slug_is_refused_naming_the_slug_and_nothing_is_left(db, slug, message):
    before = (Municipality.objects.count(), Domain.objects.count())
    with pytest.raises(ValidationError) as error:
        municipality_create(slug=slug, name_ka="სახელი", name_en="Name")
    assert "slug" in error.value.message_dict
    assert message in " ".join(error.value.message_dict["slug"]) or slug in " ".join(
        error.value.message_dict["slug"]
    )
    assert (Municipality.objects.count(), Domain.objects.count()) == before


def test_failure_after_the_schema_was_cloned_rolls_everything_back(db, monkeypatch):
    from municipal_platform.accounts import services as account_services

    def refuse(**kwargs):
        raise ValidationError({"username": "refused after the clone"})

    monkeypatch.setattr(account_services, "user_create", refuse)
    before = (Municipality.objects.count(), Domain.objects.count())
    with pytest.raises(ValidationError) as error:
        municipality_create(slug="telavi", name_ka="თელავი", name_en="Telavi", head_password="pw-123456")
    assert "username" in error.value.message_dict
    assert not schema_exists("telavi")
    assert (Municipality.objects.count(), Domain.objects.count()) == before


@pytest.mark.parametrize(
    "head, field",
    [
        ({"head_username": "bad name!"}, "head_username"),
        ({"head_email": "not-an-address"}, "head_email"),
        ({"invite_head": True}, "head_email"),
    ],
)
def test_a_bad_first_head_is_refused_naming_the_field_before_anything_is_made(db, head, field):
    before = (Municipality.objects.count(), Domain.objects.count())
    with pytest.raises(ValidationError) as error:
        municipality_create(slug="telavi", name_ka="თელავი", name_en="Telavi", **head)
    assert set(error.value.message_dict) == {field}
    assert not schema_exists("telavi")
    assert (Municipality.objects.count(), Domain.objects.count()) == before


def test_missing_names_are_named(db):
    with pytest.raises(ValidationError) as error:
        municipality_create(slug="kutaisi", name_ka=" ", name_en="")
    assert set(error.value.message_dict) == {"name_ka", "name_en"}
    assert not schema_exists("kutaisi")


def test_create_municipality_command_reports_bad_slug(db):
    with pytest.raises(CommandError, match=r"slug: .*public"):
        call_command("create_municipality", slug="public", name_ka="x", name_en="x")
    assert not Municipality.objects.filter(slug="public").exists()


def test_create_municipality_command_prints_no_password_it_was_given(db, capsys):
    call_command(
        "create_municipality", slug="batumi", name_ka="ბათუმი", name_en="Batumi", head_password="pw-123456"
    )
    out = capsys.readouterr().out
    assert "batumi.localhost" in out
    assert "pw-123456" not in out
    assert schema_exists("batumi")


def test_create_municipality_command_prints_the_password_it_generated(db, capsys):
    call_command("create_municipality", slug="poti", name_ka="ფოთი", name_en="Poti")
    password = capsys.readouterr().out.split("head of service: head / ")[1].strip()
    with schema_context("poti"):
        assert User.objects.get(username="head").check_password(password)


def test_create_municipality_command_with_an_email_invites_the_head_and_prints_no_password(
    db, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_municipality",
            slug="rustavi",
            name_ka="რუსთავი",
            name_en="Rustavi",
            head_first_name="ეკა",
            head_last_name="ლომიძე",
            head_email="eka@rustavi.example.ge",
        )
    out = capsys.readouterr().out
    assert "invited at eka@rustavi.example.ge" in out and "/" not in out.split("head of service:")[1]
    assert [m.to for m in mail.outbox] == [["eka@rustavi.example.ge"]]
    with schema_context("rustavi"):
        assert not User.objects.get(username="head").has_usable_password()
