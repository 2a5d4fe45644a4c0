"""The trigger audit catches every write of decisions, report publications, users and roles: the services'
writes, queryset.update() and raw SQL alike, in every municipality, one provisioned later included."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from feedback.models import Report
from municipal_platform.accounts.models import User
from municipal_platform.audit.models import UserAudit, UserRoleAudit
from municipal_platform.audit.selectors import audit_trail
from programmes.models import BenefitApplication
from tenants.services import municipality_create

pytestmark = pytest.mark.django_db


def test_a_raw_sql_update_of_a_decision_is_recorded_with_old_and_new_values(decided):
    application = decided[0]
    old_reason = application.decision_reason
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE programmes_benefitapplication SET decision_reason = %s, decided_amount = 1 WHERE id = %s",
            ["changed behind the application's back", application.pk],
        )
    last = audit_trail(model=BenefitApplication, pk=application.pk)[-1]
    assert last.action == "update"
    assert last.changed["decision_reason"] == (old_reason, "changed behind the application's back")
    assert last.new["decided_amount"] == 1
    assert last.old["decided_amount"] == application.decided_amount
    assert (last.user_id, last.url) == (None, None)  # no pghistory context: written outside the site
    # the service's own decision was recorded before it
    assert audit_trail(model=BenefitApplication, pk=application.pk)[-2].changed["status"][1] == "approved"


def test_a_bulk_queryset_update_is_recorded_for_every_row(decided):
    ids = [application.pk for application in decided]
    BenefitApplication.objects.filter(pk__in=ids).update(status=BenefitApplication.Status.REJECTED)
    for pk in ids:
        last = audit_trail(model=BenefitApplication, pk=pk)[-1]
        assert last.changed["status"] == ("approved", "rejected")


def test_a_report_publication_and_its_withdrawal_by_sql_are_recorded(in_ambrolauri, head):
    report = Report.objects.create(
        title="t", period_from="2025-06-01", period_to="2025-09-01", created_by=head, created_on="2025-09-02"
    )
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED, published_on="2025-09-10")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE feedback_report SET status = 'withdrawn' WHERE id = %s", [report.pk])
    # the last three: tests that commit data empty the tables with RESTART IDENTITY, so an earlier
    # module's report may have had this id (a database in use never gives an id twice)
    trail = audit_trail(model=Report, pk=report.pk)[-3:]
    assert [entry.action for entry in trail] == ["insert", "update", "update"]
    assert trail[1].changed["status"] == ("draft", "published")
    assert trail[2].changed["status"] == ("published", "withdrawn")


def test_users_and_role_changes_are_recorded_without_credentials(in_ambrolauri, users):
    worker = users["worker"]
    head_group = Group.objects.get(name="head_of_service")
    worker.groups.add(head_group)
    worker.groups.remove(head_group)
    labels = list(
        UserRoleAudit.objects.filter(user_id=worker.pk, group_id=head_group.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", flat=True)
    )
    assert labels == ["insert", "delete"]

    User.objects.filter(pk=worker.pk).update(is_active=False, password="x")
    assert audit_trail(model=User, pk=worker.pk)[-1].changed == {"is_active": (True, False)}
    assert "password" not in {f.name for f in UserAudit._meta.fields}


def test_the_portal_users_are_audited_too(db):
    user = User.objects.filter(is_superuser=False).first() or User.objects.first()
    User.objects.filter(pk=user.pk).update(first_name="Changed")
    assert audit_trail(model=User, pk=user.pk)[-1].new["first_name"] == "Changed"


def test_the_audit_cannot_be_edited_or_deleted(decided):
    application = decided[0]
    BenefitApplication.objects.filter(pk=application.pk).update(decision_reason="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_benefitapplicationaudit")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_benefitapplicationaudit SET decision_reason = ''")


def test_a_municipality_provisioned_later_has_the_triggers_writing_into_its_own_schema(db):
    provisioned = municipality_create(
        slug="gori-audit",
        name_ka="გორი",
        name_en="Gori",
        head_username="head",
        head_password="Xy7-long-pass!",
    )
    with schema_context(provisioned.municipality.schema_name):
        head = User.objects.get(username="head")
        User.objects.filter(pk=head.pk).update(last_name="Audited")
        assert audit_trail(model=User, pk=head.pk)[-1].new["last_name"] == "Audited"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND c.relname = 'programmes_benefitapplication'"
                " AND t.tgname LIKE 'pgtrigger_%%'",
                [provisioned.municipality.schema_name],
            )
            assert cursor.fetchone()[0] == 4
    with schema_context("municipality_template"):
        assert not UserAudit.objects.filter(last_name="Audited").exists()


def test_the_audit_tables_follow_the_watched_models():
    """A field added to a watched model (an application, a payment, a report, a user) must reach its audit
    table in a migration of the audit app (`makemigrations audit`), or every write of that model would fail
    in its trigger."""
    from django.core.management import call_command

    call_command("makemigrations", "audit", "--check", "--dry-run", verbosity=0)
