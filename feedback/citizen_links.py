"""What the feedback module offers on a municipality's public start page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipal_platform.navigation import CitizenLink, register_citizen_link


def _online_form_url() -> str | None:
    from .models import Form

    form = Form.objects.filter(is_active=True, kind=Form.Kind.ELECTRONIC).order_by("id").first()
    return reverse("citizen:form", args=[form.code]) if form else None


def _reports_url() -> str | None:
    return reverse("citizen:report_index")


def register() -> None:
    register_citizen_link(
        CitizenLink(
            _("Give feedback"),
            _("Tell us, anonymously, how the social service treated you. It takes a few minutes."),
            _online_form_url,
        )
    )
    register_citizen_link(
        CitizenLink(
            _("You said, we did"),
            _("Published feedback reports and the changes the municipality decided on."),
            _reports_url,
        )
    )
