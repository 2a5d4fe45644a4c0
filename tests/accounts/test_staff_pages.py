"""The head of service manages the municipality's users on pages; the platform administrator the portal's."""

from __future__ import annotations

from django.core import mail
from django_tenants.utils import schema_context

from municipal_platform.accounts import services
from municipal_platform.accounts.models import User, UserEvent
from municipal_platform.roles import Role
from tests.conftest import client_for

from .helpers import invite


def test_the_staff_list_shows_each_users_name_position_roles_activity_and_last_login(ambrolauri):
    page = client_for(ambrolauri, "head").get("/staff/").content.decode()
    for text in ("frontdesk", "თამარ გელაშვილი", "კანცელარია (პირველი კონტაქტი)", "council", "ბოლო შესვლა"):
        assert text in page, text


def test_only_the_head_of_service_sees_the_users_menu_entry(ambrolauri):
    assert 'href="/staff/"' in client_for(ambrolauri, "head").get("/dashboard/").content.decode()
    assert 'href="/staff/"' not in client_for(ambrolauri, "frontdesk").get("/dashboard/").content.decode()


def test_other_roles_may_not_open_the_staff_pages_or_api(ambrolauri):
    for username in ("frontdesk", "officer", "council"):
        client = client_for(ambrolauri, username)
        assert client.get("/staff/").status_code == 403
        assert client.get("/staff/invite/").status_code == 403
        assert client.get("/api/v1/staff/").status_code == 403


def test_a_head_invites_on_the_page_and_the_new_user_page_shows_the_invitation(
    ambrolauri, django_capture_on_commit_callbacks
):
    client = client_for(ambrolauri, "head")
    form = {
        "username": "nana",
        "first_name": "ნანა",
        "last_name": "კვარაცხელია",
        "email": "nana@example.ge",
        "position": "სოციალური მუშაკი",
        "roles": ["social_worker", "commission_member"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/invite/", form)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ნანა კვარაცხელია" in page
    assert "სოციალური მუშაკი, კომისიის წევრი" in page or "კომისიის წევრი, სოციალური მუშაკი" in page
    assert "მოწვეულია" in page  # the history: invited
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nana@example.ge"]


def test_a_change_of_details_and_roles_is_recorded_and_shown_on_the_users_page(ambrolauri):
    client = client_for(ambrolauri, "head")
    with schema_context(ambrolauri.schema_name):
        frontdesk = User.objects.get(username="frontdesk")
    response = client.post(
        f"/staff/{frontdesk.pk}/edit/",
        {
            "username": "frontdesk",
            "first_name": "თამარ",
            "last_name": "გელაშვილი",
            "email": "tamar@example.ge",
            "position": "კანცელარიის სპეციალისტი",
            "phone": "",
            "roles": ["front_desk", "feedback_officer"],
        },
    )
    assert response.status_code == 302
    with schema_context(ambrolauri.schema_name):
        events = list(UserEvent.objects.filter(user=frontdesk).order_by("id"))
        assert [e.action for e in events] == ["updated", "roles_changed"]
        assert events[0].changes == {
            "email": ["frontdesk@ambrolauri.example.ge", "tamar@example.ge"],
            "position": ["", "კანცელარიის სპეციალისტი"],
        }
        assert events[1].changes == {"added": ["feedback_officer"], "removed": []}
        assert all(e.actor.username == "head" for e in events)
    page = client.get(f"/staff/{frontdesk.pk}/").content.decode()
    assert "frontdesk@ambrolauri.example.ge → tamar@example.ge" in page
    assert "დაემატა: უკუკავშირზე პასუხისმგებელი პირი" in page


def test_saving_the_edit_form_unchanged_records_nothing(ambrolauri):
    with schema_context(ambrolauri.schema_name):
        officer = User.objects.get(username="officer")
    response = client_for(ambrolauri, "head").post(
        f"/staff/{officer.pk}/edit/",
        {
            "username": "officer",
            "first_name": officer.first_name,
            "last_name": officer.last_name,
            "email": officer.email,
            "position": officer.position,
            "phone": officer.phone,
            "roles": ["feedback_officer"],
        },
    )
    assert response.status_code == 302
    with schema_context(ambrolauri.schema_name):
        assert not UserEvent.objects.filter(user=officer).exists()


def test_the_platform_administrator_manages_portal_users_with_portal_roles(
    db, django_capture_on_commit_callbacks
):
    client = client_for(None, "platformadmin")
    page = client.get("/staff/invite/").content.decode()
    assert 'value="reviewer"' in page and 'value="head_of_service"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/invite/",
            {
                "username": "reviewer2",
                "first_name": "ლია",
                "last_name": "ჩხეიძე",
                "email": "lia@example.ge",
                "roles": ["reviewer"],
            },
        )
    assert response.status_code == 302
    assert "http://localhost" in mail.outbox[0].body
    user = User.objects.get(username="reviewer2")
    assert set(user.groups.values_list("name", flat=True)) == {"reviewer"}


def test_a_municipalitys_head_cannot_manage_portal_users_and_the_platform_administrator_not_a_municipalitys(
    ambrolauri, tskaltubo
):
    head_session = client_for(ambrolauri, "head")
    head_session.defaults["HTTP_HOST"] = "localhost"  # the same cookies at the portal mean nothing there
    assert head_session.get("/staff/")["Location"].startswith("/accounts/login/")
    head_session.defaults["HTTP_HOST"] = "tskaltubo.localhost"
    assert head_session.get("/staff/")["Location"].startswith("/accounts/login/")
    admin_session = client_for(None, "platformadmin")
    admin_session.defaults["HTTP_HOST"] = "ambrolauri.localhost"
    assert admin_session.get("/api/v1/staff/").status_code in (401, 403)
    # and a portal user object handed to a municipality's service is refused there
    with schema_context("public"):
        platformadmin = User.objects.get(username="platformadmin")
    with schema_context(ambrolauri.schema_name):
        platformadmin._role_names = frozenset({"platform_admin"})
        try:
            invite(platformadmin, username="intruder")
        except Exception as exc:  # PermissionDenied
            assert exc.__class__.__name__ == "PermissionDenied"
        assert not User.objects.filter(username="intruder").exists()


def test_a_user_who_has_not_set_a_password_can_get_a_new_link(ambrolauri, django_capture_on_commit_callbacks):
    with schema_context(ambrolauri.schema_name):
        nana = invite(User.objects.get(username="head"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ambrolauri, "head").post(f"/staff/{nana.pk}/resend/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    with schema_context(ambrolauri.schema_name):
        assert UserEvent.objects.filter(user=nana, action="invited").count() == 2


def test_roles_set_by_the_service_replace_the_old_ones(head, frontdesk):
    changed = services.user_roles_set(actor=head, user=frontdesk, roles=[Role.SOCIAL_WORKER])
    assert changed == {"added": ["social_worker"], "removed": ["front_desk"]}
    assert set(frontdesk.groups.values_list("name", flat=True)) == {"social_worker"}


def test_the_staff_list_costs_the_same_queries_for_more_users(ambrolauri):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ambrolauri, "head")
    client.get("/staff/")

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/").status_code == 200
        return len(captured)

    before = cost()
    with schema_context(ambrolauri.schema_name):
        head = User.objects.get(username="head")
        for n in range(5):
            invite(head, username=f"colleague{n}", roles=(Role.FRONT_DESK, Role.SOCIAL_WORKER))
    client.get("/staff/")  # the connection returns to the municipality's schema (one SET search_path)
    assert cost() == before


def test_the_users_entry_comes_after_the_modules_in_the_heads_menu(ambrolauri):
    html = client_for(ambrolauri, "head").get("/dashboard/").content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert nav.index('href="/programmes/"') < nav.index('href="/staff/"')
