"""Collect: box batches and paper entry, the comment registry, tagging open comments."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.clock import today
from municipal_platform.model_update import model_update
from municipal_platform.periods import Period
from municipal_platform.roles import Role, require_role

from ..models import (
    Answer,
    BoxBatch,
    Channel,
    CommentTheme,
    Form,
    Question,
    RegistryComment,
    RegistryCommentEvent,
    Response,
)
from ..selectors import batch_entered, settings_get, theme_suggest_among
from .common import COLLECTORS, MAX_TEXT, not_in_future
from .responses import response_submit

# --- box batches --------------------------------------------------------------------------------------


@transaction.atomic
def batch_open(*, actor, opened_on: datetime.date, counted: int, form: Form, note: str = "") -> BoxBatch:
    require_role(actor, *COLLECTORS)
    not_in_future("opened_on", opened_on)
    if counted < 0:
        raise ValidationError({"counted": _("The number of forms cannot be negative.")})
    return BoxBatch.objects.create(
        opened_on=opened_on, counted=counted, opened_by=actor, form=form, note=note
    )


def batch_response_enter(*, actor, batch: BoxBatch, data: dict[str, Any]) -> Response:
    """Type in one paper form of the batch. ``data["submitted_on"]`` (the date on the form) defaults to the
    day the box was opened."""
    require_role(actor, *COLLECTORS)
    with transaction.atomic():
        batch = BoxBatch.objects.select_for_update().select_related("form").get(pk=batch.pk)
        if batch.status != BoxBatch.Status.OPEN:
            raise ValidationError({"batch": _("This batch is closed.")})
        return _batch_response_enter(batch, data)


def _batch_response_enter(batch: BoxBatch, data: dict[str, Any]) -> Response:
    data = dict(data)
    day = data.pop("submitted_on", None) or batch.opened_on
    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            raise ValidationError({"submitted_on": _("Give the date as YYYY-MM-DD.")}) from None
    if day > batch.opened_on:
        raise ValidationError({"submitted_on": _("A form cannot be dated after the box was opened.")})
    version = batch.form.versions.get(is_current=True)
    return response_submit(version=version, channel=Channel.PAPER, data=data, submitted_on=day, batch=batch)


@transaction.atomic
def batch_close(*, actor, batch: BoxBatch, reason: str = "") -> BoxBatch:
    require_role(actor, *COLLECTORS)
    batch = BoxBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BoxBatch.Status.CLOSED:
        return batch
    entered = batch_entered(batch)
    if entered != batch.counted and not reason.strip():
        raise ValidationError(
            {
                "close_reason": _(
                    "%(entered)d forms entered but %(counted)d counted: record the reason for the difference."
                )
                % {"entered": entered, "counted": batch.counted}
            }
        )
    batch.status = BoxBatch.Status.CLOSED
    batch.close_reason = reason.strip()
    batch.closed_on = today()
    batch.save(update_fields=["status", "close_reason", "closed_on"])
    return batch


# --- comment registry and open comments ---------------------------------------------------------------


REGISTRY_FIELDS = ("received_on", "channel", "kind", "about", "text", "reply")


def _registry_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("The text is too long (at most %(max)d characters).") % {"max": MAX_TEXT}}
        )
    return text


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def registry_comment_record(
    *,
    actor,
    received_on: datetime.date,
    text: str,
    kind: str = RegistryComment.Kind.COMMENT,
    about: str = RegistryComment.About.FORM,
    channel: str = Channel.PAPER,
    reply: str = "",
) -> RegistryComment:
    require_role(actor, *COLLECTORS)
    not_in_future("received_on", received_on)
    text = _registry_text(text)
    comment = RegistryComment.objects.create(
        received_on=received_on,
        text=text,
        kind=kind,
        about=about,
        channel=channel,
        reply=reply,
        recorded_by=actor,
    )
    RegistryCommentEvent.objects.create(
        comment=comment, actor=actor, action=RegistryCommentEvent.Action.RECORDED
    )
    return comment


@transaction.atomic
def registry_comment_correct(*, actor, comment: RegistryComment, data: dict[str, Any]) -> RegistryComment:
    """Correct a registry row; the history keeps each changed value, old and new, and who changed it."""
    require_role(actor, *COLLECTORS)
    comment = RegistryComment.objects.select_for_update().get(pk=comment.pk)
    data = {name: data[name] for name in REGISTRY_FIELDS if name in data}
    if "received_on" in data:
        not_in_future("received_on", data["received_on"])
    if "text" in data:
        data["text"] = _registry_text(data["text"])
    changes = model_update(instance=comment, fields=list(REGISTRY_FIELDS), data=data)
    if changes:
        RegistryCommentEvent.objects.create(
            comment=comment,
            actor=actor,
            action=RegistryCommentEvent.Action.CORRECTED,
            changes={name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()},
        )
    return comment


@transaction.atomic
def answer_tag(
    *, actor, answer: Answer, theme: CommentTheme | None, publishable: bool | None = None
) -> Answer:
    """The analyst sets a comment's theme, and whether it may be published."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    data: dict[str, Any] = {"theme_id": theme.pk if theme is not None else None}
    if publishable is not None:
        data["publishable"] = publishable
    model_update(instance=answer, fields=["theme_id", "publishable"], data=data, clean=False)
    return answer


@transaction.atomic
def answers_accept_suggestions(*, actor, period: Period) -> int:
    """Tag every untagged open comment of the period (first and last day included) with its suggested
    theme; returns how many were tagged."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    themes = list(CommentTheme.objects.order_by("position", "code"))
    untagged = Answer.objects.filter(
        question__kind=Question.Kind.TEXT,
        theme__isnull=True,
        submitted_on__gte=period.first_day,
        submitted_on__lt=period.end,
    ).exclude(text="")
    by_theme: dict[int, list[int]] = {}
    for answer_id, text in untagged.values_list("id", "text"):
        theme = theme_suggest_among(text, themes)
        if theme:
            by_theme.setdefault(theme.id, []).append(answer_id)
    for theme_id, ids in by_theme.items():
        Answer.objects.filter(id__in=ids).update(theme_id=theme_id)
    return sum(len(ids) for ids in by_theme.values())


# --- comment themes -----------------------------------------------------------------------------------

THEME_FIELDS = ["code", "name_ka", "name_en", "keywords", "position"]


@transaction.atomic
def theme_create(
    *, actor, code: str, name_ka: str, name_en: str = "", keywords: str = "", position: int = 0
) -> CommentTheme:
    """A new theme to group open comments by (the analyst's work)."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    theme = CommentTheme(code=code, name_ka=name_ka, name_en=name_en, keywords=keywords, position=position)
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def theme_update(*, actor, theme: CommentTheme, data: dict[str, Any]) -> CommentTheme:
    """Change a theme's code, names, keywords or order (only the fields given in ``data``)."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    model_update(instance=theme, fields=THEME_FIELDS, data=data)
    return theme


@transaction.atomic
def box_reminder_send(*, on: datetime.date | None = None) -> int:
    """The weekly reminder: if no box opening was recorded in the last 7 days, e-mail the front desk and the
    feedback officers (through the outbox, feedback/emails.py). At most once a day (the settings row is
    locked and stamped in the same transaction as the outbox row). Returns the addresses written to."""
    from django.contrib.auth import get_user_model

    from municipal_platform.outbox.services import message_enqueue

    from ..models import FeedbackSettings

    on = on or today()
    cfg = FeedbackSettings.objects.select_for_update().get(pk=settings_get().pk)
    if cfg.box_reminder_sent_on == on:
        return 0
    if BoxBatch.objects.filter(opened_on__gt=on - datetime.timedelta(days=7), opened_on__lte=on).exists():
        return 0
    recipients = dict(
        get_user_model()
        .objects.filter(groups__name__in=COLLECTORS, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", "email")
    )
    if not recipients:
        return 0
    message_enqueue(kind="feedback.box_reminder", user_ids=sorted(recipients))
    cfg.box_reminder_sent_on = on
    cfg.save(update_fields=["box_reminder_sent_on"])
    return len(set(recipients.values()))
