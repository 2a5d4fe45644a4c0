from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from . import citizen_links

        citizen_links.register()
        from municipal_platform.navigation import Entry, register
        from municipal_platform.roles import Role
        from programmes.signals import service_ended

        from .receivers import queue_invitation_when_service_ended

        service_ended.connect(
            queue_invitation_when_service_ended, dispatch_uid="feedback_invitation_on_service_end"
        )
        register(
            Entry(
                _("Feedback"),
                "feedback:home",
                (Role.FRONT_DESK, Role.FEEDBACK_OFFICER, Role.HEAD_OF_SERVICE),
                _("Forms, box batches, comments, reports and working meetings"),
            )
        )
        register(
            Entry(
                _("Feedback reports"),
                "feedback:report_list",
                (Role.COUNCIL_MEMBER,),
                _("Published results of citizens' feedback"),
            )
        )
