from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Social programmes")

    def ready(self) -> None:
        from municipal_platform.navigation import Entry, register
        from municipal_platform.roles import MUNICIPALITY_ROLES, Role

        from . import assigned_work  # noqa: F401  (lists a leaving member's open applications)

        staff = (Role.FRONT_DESK, Role.HEAD_OF_SERVICE)
        register(
            Entry(
                _("Applications"),
                "programmes:applications",
                staff,
                _("The register of benefit applications: register, decide, pay"),
            )
        )
        register(
            Entry(
                _("Programmes"),
                "programmes:catalogue",
                tuple(MUNICIPALITY_ROLES),
                _("The social programmes and services the municipality offers"),
            )
        )
        register(
            Entry(
                _("Budget"),
                "programmes:budget",
                (Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER, Role.COUNCIL_MEMBER),
                _("Planned, committed and paid per budget line"),
            )
        )
        register(
            Entry(
                _("Summary"),
                "programmes:summary",
                tuple(MUNICIPALITY_ROLES),
                _("Applications per service and period, without personal data"),
            )
        )
