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

        _schedule_invitation_batches()
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


def _schedule_invitation_batches() -> None:
    """Daily beat entry; the task itself sends only to municipalities whose weekdays match."""
    from celery.schedules import crontab

    from municipal_platform.celery import app

    schedule = dict(app.conf.beat_schedule or {})
    schedule.setdefault(
        "feedback-invitation-batches",
        {"task": "feedback.schedule_invitation_batches", "schedule": crontab(hour=10, minute=0)},
    )
    schedule.setdefault(
        "feedback-box-reminders",
        {"task": "feedback.schedule_box_reminders", "schedule": crontab(hour=9, minute=0)},
    )
    schedule.setdefault(
        "feedback-quarterly-drafts",
        {"task": "feedback.schedule_quarterly_drafts", "schedule": crontab(hour=6, minute=0)},
    )
    app.conf.beat_schedule = schedule
