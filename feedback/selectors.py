"""Reads and aggregations of the feedback cycle, all computed in SQL.

`feedback_summary` is the contract other modules and dashboards use (API and management command return
exactly its output); `public_figures` derives what citizens may see from it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.models import Count

from programmes.models import BenefitApplication, Service

from .models import (
    Answer,
    Channel,
    CommentTheme,
    Decision,
    FeedbackSettings,
    Form,
    Question,
    Report,
    Response,
)


def settings_get() -> FeedbackSettings:
    obj, _ = FeedbackSettings.objects.get_or_create(pk=1)
    return obj


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def feedback_summary(*, date_from: datetime.date, date_to: datetime.date) -> dict[str, Any]:
    """The period's figures; ``date_to`` is exclusive.

    A fixed number of grouped queries whatever the volume: responses by (service, sex, channel) and
    applications by (service, channel) in one scan each; the grouped rows (a few hundred at most) are then
    folded into the totals.
    """
    responses = Response.objects.filter(submitted_on__gte=date_from, submitted_on__lt=date_to)
    applications = BenefitApplication.objects.filter(received_on__gte=date_from, received_on__lt=date_to)

    per_service: dict[int | None, dict[str, int]] = {}
    channels: dict[str, int] = dict.fromkeys(Channel.values, 0)
    for row in responses.order_by().values("service", "sex", "channel").annotate(n=Count("id")):
        entry = per_service.setdefault(row["service"], {"responses": 0, "women": 0, "men": 0})
        entry["responses"] += row["n"]
        if row["sex"] == "female":
            entry["women"] += row["n"]
        elif row["sex"] == "male":
            entry["men"] += row["n"]
        channels[row["channel"]] = channels.get(row["channel"], 0) + row["n"]
    apps_per_service: dict[int, int] = {}
    application_channels: dict[str, int] = {"paper": 0, "email": 0, "online": 0}
    for row in applications.order_by().values("service", "channel").annotate(n=Count("id")):
        apps_per_service[row["service"]] = apps_per_service.get(row["service"], 0) + row["n"]
        application_channels[row["channel"]] = application_channels.get(row["channel"], 0) + row["n"]

    service_ids = {s for s in per_service if s is not None} | set(apps_per_service)
    services = []
    for service in Service.objects.filter(id__in=service_ids).order_by("position", "code"):
        row = per_service.get(service.id, {})
        services.append(
            {
                "code": service.code,
                "name": service.name_ka,
                "name_en": service.name_en,
                "applications": apps_per_service.get(service.id, 0),
                "responses": row.get("responses", 0),
                "women": row.get("women", 0),
                "men": row.get("men", 0),
            }
        )
    unknown = per_service.get(None, {})
    total_responses = sum(r["responses"] for r in per_service.values())
    total_applications = sum(apps_per_service.values())
    questions = list(Question.objects.values("id", "code", "kind"))
    comments = _open_comments_by_theme(date_from, date_to, questions)
    return {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "applications": total_applications,
        "application_channels": application_channels,
        "responses": total_responses,
        "response_rate": _ratio(total_responses, total_applications),
        "women": sum(r["women"] for r in per_service.values()),
        "men": sum(r["men"] for r in per_service.values()),
        "unidentified_service": unknown.get("responses", 0),
        "unidentified_service_women": unknown.get("women", 0),
        "unidentified_service_men": unknown.get("men", 0),
        "channels": channels,
        "services": services,
        "open_comments": comments["total"],
        "comment_themes": comments["themes"],
        "questions": question_distributions(date_from=date_from, date_to=date_to, questions=questions),
    }


def _ids(questions: list[dict], *kinds: str) -> list[int]:
    return [q["id"] for q in questions if q["kind"] in kinds]


def _open_comments_by_theme(date_from, date_to, questions: list[dict]) -> dict[str, Any]:
    """Non-empty free-text answers of the period, counted per theme in one grouped query."""
    text_ids = _ids(questions, Question.Kind.TEXT)
    rows = (
        Answer.objects.filter(question_id__in=text_ids, submitted_on__gte=date_from, submitted_on__lt=date_to)
        .exclude(text="")
        .order_by()
        .values("theme")
        .annotate(n=Count("id"))
    )
    counts = {row["theme"]: row["n"] for row in rows} if text_ids else {}
    themes = [
        {"theme": t.code, "name": t.name_ka, "name_en": t.name_en, "count": counts[t.id]}
        for t in CommentTheme.objects.filter(id__in=[k for k in counts if k is not None])
    ]
    themes.sort(key=lambda t: -t["count"])
    return {"total": sum(counts.values()), "themes": themes}


def question_distributions(
    *, date_from: datetime.date, date_to: datetime.date, questions: list[dict] | None = None
) -> list[dict[str, Any]]:
    """Distribution of every scale, yes/no and choice question answered in the period, grouped by question
    code across forms and versions (the standard forms share codes such as ``documents_easy``)."""
    questions = questions if questions is not None else list(Question.objects.values("id", "code", "kind"))
    by_id = {q["id"]: q for q in questions}
    numeric_ids = _ids(questions, Question.Kind.SCALE, Question.Kind.YES_NO)
    choice_ids = _ids(questions, Question.Kind.SINGLE, Question.Kind.MULTIPLE)
    numeric = (
        Answer.objects.filter(
            question_id__in=numeric_ids,
            submitted_on__gte=date_from,
            submitted_on__lt=date_to,
            number__isnull=False,
        )
        .order_by()
        .values_list("question_id", "number")
        .annotate(n=Count("id"))
    )
    out: dict[str, dict[str, Any]] = {}

    def add(question_id: int, value: str, n: int) -> None:
        q = by_id[question_id]
        entry = out.setdefault(q["code"], {"code": q["code"], "kind": q["kind"], "counts": {}})
        entry["counts"][value] = entry["counts"].get(value, 0) + n

    for question_id, number, n in numeric if numeric_ids else []:
        add(question_id, str(number), n)
    if choice_ids:
        # the chosen codes are a JSON array: unnest it in SQL
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT a.question_id, c.value, count(*)
                FROM {Answer._meta.db_table} a
                CROSS JOIN LATERAL jsonb_array_elements_text(a.choices) AS c(value)
                WHERE a.question_id = ANY(%s) AND a.submitted_on >= %s AND a.submitted_on < %s
                GROUP BY a.question_id, c.value
                """,
                [choice_ids, date_from, date_to],
            )
            for question_id, value, n in cursor.fetchall():
                add(question_id, value, n)

    texts = _question_texts()
    result = []
    for code, entry in out.items():
        entry["counts"] = dict(sorted(entry["counts"].items()))
        answered = sum(entry["counts"].values())
        entry["text"], entry["text_en"], entry["choice_labels"] = texts.get(code, (code, code, {}))
        entry["answered"] = answered
        if entry["kind"] == Question.Kind.YES_NO:
            entry["share_yes"] = _ratio(entry["counts"].get("1", 0), answered)
        if entry["kind"] == Question.Kind.SCALE:
            total = sum(int(k) * v for k, v in entry["counts"].items())
            entry["mean"] = round(total / answered, 2) if answered else None
            entry["share_4_or_5"] = _ratio(
                entry["counts"].get("4", 0) + entry["counts"].get("5", 0), answered
            )
        result.append(entry)
    order = {code: i for i, code in enumerate(texts)}
    result.sort(key=lambda e: order.get(e["code"], 999))
    return result


def _question_texts() -> dict[str, tuple[str, str, dict]]:
    """Question code -> (Georgian text, English text, choice labels), from current versions first."""
    texts: dict[str, tuple[str, str, dict]] = {}
    for q in Question.objects.order_by("-version__is_current", "version__form__code", "position"):
        if q.code not in texts:
            labels = {
                c["code"]: {"ka": c.get("ka", c["code"]), "en": c.get("en", c["code"])} for c in q.choices
            }
            texts[q.code] = (q.text_ka, q.text_en, labels)
    return texts


# --- what citizens see --------------------------------------------------------------------------------


def public_figures(figures: dict[str, Any], threshold: int) -> dict[str, Any]:
    """The published view of a report's figures: every count between 1 and threshold-1 is hidden (None),
    and when one of a women/men pair is hidden so is the other, so it cannot be derived from the total."""

    def cell(n: int | None) -> int | None:
        if n is None:
            return None
        return None if 0 < n < threshold else n

    def pair(w: int, m: int) -> tuple[int | None, int | None]:
        cw, cm = cell(w), cell(m)
        if cw is None or cm is None:
            return None, None
        return cw, cm

    out = {
        "period": figures.get("period"),
        "threshold": threshold,
        "applications": cell(figures.get("applications", 0)),
        "responses": cell(figures.get("responses", 0)),
        "response_rate": figures.get("response_rate")
        if cell(figures.get("responses", 0)) is not None and cell(figures.get("applications", 0)) is not None
        else None,
        "unidentified_service": cell(figures.get("unidentified_service", 0)),
        "channels": {k: cell(v) for k, v in figures.get("channels", {}).items()},
        "open_comments": cell(figures.get("open_comments", 0)),
    }
    out["women"], out["men"] = pair(figures.get("women", 0), figures.get("men", 0))
    services = []
    for s in figures.get("services", []):
        women, men = pair(s["women"], s["men"])
        services.append(
            {
                "code": s["code"],
                "name": s["name"],
                "name_en": s.get("name_en", ""),
                "applications": cell(s["applications"]),
                "responses": cell(s["responses"]),
                "women": women,
                "men": men,
            }
        )
    out["services"] = services
    out["comment_themes"] = [dict(t, count=cell(t["count"])) for t in figures.get("comment_themes", [])]
    questions = []
    for q in figures.get("questions", []):
        if q["answered"] < threshold:
            continue
        q = dict(q, counts={k: cell(v) for k, v in q["counts"].items()})
        questions.append(q)
    out["questions"] = questions
    return out


def report_decisions(report: Report):
    return (
        Decision.objects.filter(meeting__report=report)
        .select_related("meeting", "service", "budget_line__service")
        .order_by("meeting__held_on", "id")
    )


def report_public_comments(report: Report):
    return (
        Answer.objects.filter(
            publishable=True,
            question__kind=Question.Kind.TEXT,
            submitted_on__gte=report.period_from,
            submitted_on__lt=report.period_to,
        )
        .exclude(text="")
        .select_related("theme")
        .order_by("theme__position", "id")
    )


def open_comments(*, date_from: datetime.date | None = None, date_to: datetime.date | None = None):
    qs = Answer.objects.filter(question__kind=Question.Kind.TEXT).exclude(text="")
    if date_from:
        qs = qs.filter(submitted_on__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_on__lt=date_to)
    return qs.select_related("theme").order_by("-submitted_on", "-id")


def current_version(form: Form):
    return form.versions.filter(is_current=True).prefetch_related("questions").get()


def service_choices():
    """Services citizens can name on a form: the current catalogue, by code (codes are stable across years)."""
    seen: dict[str, Service] = {}
    for s in Service.objects.select_related("programme").order_by("-programme__year", "position", "code"):
        seen.setdefault(s.code, s)
    return sorted(seen.values(), key=lambda s: (s.position, s.code))
