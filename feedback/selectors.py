"""Reads and aggregations of the feedback cycle, all computed in SQL.

`feedback_summary` is the contract other modules and dashboards use (API and management command return
exactly its output); `public_figures` derives what citizens may see from it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from municipal_platform.disclosure import ReportingCalendar, ledger, reporting_calendar
from municipal_platform.disclosure.models import Release
from municipal_platform.disclosure.suppression import Suppression, hidden_keys
from municipal_platform.periods import ONE_DAY, Period
from municipal_platform.roles import Role, has_role, reads_exact_figures
from programmes.models import BenefitApplication, Service

from .models import (
    Answer,
    BoxBatch,
    Channel,
    CommentTheme,
    Decision,
    FeedbackSettings,
    Form,
    FormVersion,
    Invitation,
    Question,
    RegistryComment,
    Report,
    Response,
    WorkingMeeting,
)


def settings_get() -> FeedbackSettings:
    obj, _ = FeedbackSettings.objects.get_or_create(pk=1)
    return obj


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def feedback_summary(*, period: Period) -> dict[str, Any]:
    """The period's figures (its first and last day included; ``period`` in the output names both).

    A fixed number of grouped queries whatever the volume: responses by (service, sex, channel) and
    applications by (service, channel) in one scan each; the grouped rows (a few hundred at most) are then
    folded into the totals.
    """
    responses = Response.objects.filter(submitted_on__gte=period.first_day, submitted_on__lt=period.end)
    applications = BenefitApplication.objects.filter(
        received_on__gte=period.first_day, received_on__lt=period.end
    )

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
    for app_row in applications.order_by().values("service", "channel").annotate(n=Count("id")):
        apps_per_service[app_row["service"]] = apps_per_service.get(app_row["service"], 0) + app_row["n"]
        application_channels[app_row["channel"]] = (
            application_channels.get(app_row["channel"], 0) + app_row["n"]
        )

    service_ids = {s for s in per_service if s is not None} | set(apps_per_service)
    services = []
    for service in Service.objects.filter(id__in=service_ids).order_by("position", "code"):
        counts = per_service.get(service.id, {})
        services.append(
            {
                "code": service.code,
                "name": service.name_ka,
                "name_en": service.name_en,
                "applications": apps_per_service.get(service.id, 0),
                "responses": counts.get("responses", 0),
                "women": counts.get("women", 0),
                "men": counts.get("men", 0),
            }
        )
    unknown = per_service.get(None, {})
    total_responses = sum(r["responses"] for r in per_service.values())
    total_applications = sum(apps_per_service.values())
    questions = list(Question.objects.values("id", "code", "kind"))
    comments = _open_comments_by_theme(period, questions)
    return {
        "period": {"from": period.first_day.isoformat(), "to": period.last_day.isoformat()},
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
        "questions": question_distributions(period=period, questions=questions),
    }


def _ids(questions: Sequence[Mapping[str, Any]], *kinds: str) -> list[int]:
    return [q["id"] for q in questions if q["kind"] in kinds]


def _open_comments_by_theme(period: Period, questions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Non-empty free-text answers of the period, counted per theme in one grouped query."""
    text_ids = _ids(questions, Question.Kind.TEXT)
    rows = (
        Answer.objects.filter(
            question_id__in=text_ids, submitted_on__gte=period.first_day, submitted_on__lt=period.end
        )
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
    *, period: Period, questions: Sequence[Mapping[str, Any]] | None = None
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
            submitted_on__gte=period.first_day,
            submitted_on__lt=period.end,
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
                [choice_ids, period.first_day, period.end],
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


def public_figures(
    figures: dict[str, Any], threshold: int, *, also_hidden: Iterable[Any] = ()
) -> dict[str, Any]:
    """The published view of a report's figures (None = hidden, shown as a neutral mark; ``hidden`` lists
    their keys). A hidden cell may be small, or large and hidden only so that a small one cannot be
    worked out by subtraction: it is never presented as "below the threshold".

    Small cells are hidden, and complementary cells with them, in every group that adds up to a published
    total: responses per service (with "service unidentified"), applications per service, women and men
    per service, channels, comment themes, and the answers to each question. Women and men are hidden as
    a pair; a question's answered count, mean and shares are left out when any of its counts is hidden;
    the response rate is hidden when either of its terms is. A zero is hidden too where, beside a hidden
    total and hidden cell, it would show that everyone counted is in that one cell.

    ``also_hidden`` names cells hidden whatever their value (a reporting year hides the cells hidden in
    any of its periods); the second result of ``_suppressed`` gives the names of a view's hidden cells.
    """
    return _suppressed(figures, threshold, also_hidden)[0]


def _suppressed(
    figures: dict[str, Any], threshold: int, also_hidden: Iterable[Any] = ()
) -> tuple[dict[str, Any], set[Any]]:
    sup = Suppression(threshold)
    services = figures.get("services", [])
    for key in ("applications", "responses", "women", "men", "unidentified_service", "open_comments"):
        sup.add(key, figures.get(key, 0))
    unidentified = figures.get("unidentified_service", 0)
    sup.add(
        "unidentified_women",
        figures.get("unidentified_service_women", 0) if unidentified else 0,
        published=False,
    )
    sup.add(
        "unidentified_men", figures.get("unidentified_service_men", 0) if unidentified else 0, published=False
    )
    # cells are named by codes, not positions, so that a year's cells match its periods'
    codes = [s["code"] for s in services]
    for s in services:
        for field in ("applications", "responses", "women", "men"):
            sup.add(("service", s["code"], field), s[field])
        # a service's women and men are shown only with its responses
        sup.together(("service", s["code"], "women"), ("service", s["code"], "men"))
        sup.hides(
            ("service", s["code"], "responses"),
            ("service", s["code"], "women"),
            ("service", s["code"], "men"),
        )
    sup.together("women", "men")
    sup.group("responses", [("service", c, "responses") for c in codes] + ["unidentified_service"])
    sup.group("applications", [("service", c, "applications") for c in codes])
    sup.group("women", [("service", c, "women") for c in codes] + ["unidentified_women"])
    sup.group("men", [("service", c, "men") for c in codes] + ["unidentified_men"])
    channels = figures.get("channels", {})
    for k, v in channels.items():
        sup.add(("channel", k), v)
    sup.group("responses", [("channel", k) for k in channels])
    themes = figures.get("comment_themes", [])
    for t in themes:
        sup.add(("theme", t["theme"]), t["count"])
    untagged = max(0, figures.get("open_comments", 0) - sum(t["count"] for t in themes))
    sup.add("untagged_comments", untagged, published=False)
    sup.group("open_comments", [("theme", t["theme"]) for t in themes] + ["untagged_comments"])
    for q in figures.get("questions", []):
        # the answered count is (nearly) public anyway, e.g. a required question's equals the responses:
        # treat it as known, so one hidden option always gets a second one; a question answered fewer
        # times than the threshold is left out, all its counts hidden
        shown = q["answered"] >= threshold
        sup.add(("answered", q["code"]), q["answered"], published=shown)
        for k, v in q["counts"].items():
            sup.add(("answer", q["code"], k), v, published=shown)
        sup.group(("answered", q["code"]), [("answer", q["code"], k) for k in q["counts"]])
    kept_questions = [q for q in figures.get("questions", []) if q["answered"] >= threshold]
    sup.hidden.update(k for k in also_hidden if k in sup.value)
    sup.run()

    out = {
        "period": figures.get("period"),
        "threshold": threshold,
        "applications": sup.get("applications"),
        "responses": sup.get("responses"),
        "women": sup.get("women"),
        "men": sup.get("men"),
        "unidentified_service": sup.get("unidentified_service"),
        "channels": {k: sup.get(("channel", k)) for k in channels},
        "open_comments": sup.get("open_comments"),
    }
    both_known = out["responses"] is not None and out["applications"] is not None
    out["response_rate"] = figures.get("response_rate") if both_known else None
    out["services"] = [
        {
            "code": s["code"],
            "name": s["name"],
            "name_en": s.get("name_en", ""),
            **{
                field: sup.get(("service", s["code"], field))
                for field in ("applications", "responses", "women", "men")
            },
        }
        for s in services
    ]
    out["comment_themes"] = [dict(t, count=sup.get(("theme", t["theme"]))) for t in themes]
    questions = []
    for q in kept_questions:
        counts = {k: sup.get(("answer", q["code"], k)) for k in q["counts"]}
        q = dict(q, counts=counts)
        if any(v is None for v in counts.values()):
            # the answered count, the mean and the shares would give the hidden counts back
            for key in ("answered", "mean", "share_yes", "share_4_or_5"):
                if key in q:
                    q[key] = None
        questions.append(q)
    out["questions"] = questions
    out["hidden"] = hidden_keys(out)
    return out, set(sup.hidden)


def _hidden_of(threshold: int) -> ledger.HiddenOf:
    return lambda figures, also: _suppressed(dict(figures), threshold, also)[1]


def _difference(new: Mapping[str, Any], old: Mapping[str, Any]) -> dict[str, Any]:
    """Two sets of one period's figures subtracted, cell by cell (absolute values), as figures."""
    return _combine(_aligned([new, old]), (1, -1), absolute=True)


def _period_release(period: Period, threshold: int) -> Release:
    """The release of a calendar period's figures: its published report's when there is one, else the
    figures as they were when first read after the period ended (see disclosure.ledger)."""
    return ledger.current(
        Release.Topic.FEEDBACK,
        period,
        compute=lambda: _period_figures(period),
        hidden_of=_hidden_of(threshold),
        threshold=threshold,
    )


def _period_figures(period: Period) -> dict[str, Any]:
    """A period's figures to release first: its published report's (released before the ledger kept
    them), else as they are now."""
    report = (
        Report.objects.filter(
            status=Report.Status.PUBLISHED, period_from=period.first_day, period_to=period.end
        )
        .order_by("published_on", "id")
        .first()
    )
    return report.figures if report else feedback_summary(period=period)


def release_report_figures(report: Report, threshold: int) -> Release:
    """Release a published report's figures for its calendar period, checked against what was released
    for the period before (a first reading, an earlier version of the report)."""
    return ledger.release_figures(
        Release.Topic.FEEDBACK,
        report.period,
        report.figures,
        hidden_of=_hidden_of(threshold),
        difference=_difference,
        threshold=threshold,
        reason=f"report {report.pk} published",
    )


def _sum_figures(period: Period, tables: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A reporting year's exact figures: the sum of its periods' released figures, cell by cell."""
    total = _combine(tables, [1] * len(tables))
    total["period"] = {"from": period.first_day.isoformat(), "to": period.last_day.isoformat()}
    return total


def _combine(
    tables: Sequence[Mapping[str, Any]], weights: Sequence[int], *, absolute: bool = False
) -> dict[str, Any]:
    """The tables' figures weighted and added cell by cell (a year: every weight 1; the difference of two
    versions: 1 and -1, then ``absolute``)."""

    def add(values: Iterable[tuple[int, Any]]) -> int:
        n = sum(w * (v or 0) for w, v in values)
        return abs(n) if absolute else n

    weighted = list(zip(weights, tables, strict=True))
    total: dict[str, Any] = {}
    for key in (
        "applications",
        "responses",
        "women",
        "men",
        "open_comments",
        "unidentified_service",
        "unidentified_service_women",
        "unidentified_service_men",
    ):
        total[key] = add((w, t.get(key, 0)) for w, t in weighted)
    total["response_rate"] = _ratio(total["responses"], total["applications"])
    for key in ("channels", "application_channels"):
        names: list[str] = []
        for t in tables:
            names.extend(k for k in t.get(key, {}) if k not in names)
        total[key] = {k: add((w, t.get(key, {}).get(k, 0)) for w, t in weighted) for k in names}
    services: dict[str, dict[str, Any]] = {}
    themes: dict[str, dict[str, Any]] = {}
    questions: dict[str, dict[str, Any]] = {}
    for w, t in weighted:
        for s in t.get("services", []):
            row = services.setdefault(s["code"], dict(s, applications=0, responses=0, women=0, men=0))
            for field in ("applications", "responses", "women", "men"):
                row[field] += w * s[field]
        for th in t.get("comment_themes", []):
            themes.setdefault(th["theme"], dict(th, count=0))["count"] += w * th["count"]
        for q in t.get("questions", []):
            entry = questions.setdefault(q["code"], dict(q, counts={}, answered=0))
            entry["answered"] += w * q["answered"]
            for k, v in q["counts"].items():
                entry["counts"][k] = entry["counts"].get(k, 0) + w * v
    if absolute:
        for row in services.values():
            for field in ("applications", "responses", "women", "men"):
                row[field] = abs(row[field])
        for th in themes.values():
            th["count"] = abs(th["count"])
        for entry in questions.values():
            entry["answered"] = abs(entry["answered"])
            entry["counts"] = {k: abs(v) for k, v in entry["counts"].items()}
    total["services"] = list(services.values())
    total["comment_themes"] = sorted(themes.values(), key=lambda th: -th["count"])
    for entry in questions.values():
        entry["counts"] = dict(sorted(entry["counts"].items()))
        answered = entry["answered"]
        if entry["kind"] == Question.Kind.YES_NO:
            entry["share_yes"] = _ratio(entry["counts"].get("1", 0), answered)
        if entry["kind"] == Question.Kind.SCALE:
            entry["mean"] = (
                round(sum(int(k) * v for k, v in entry["counts"].items()) / answered, 2) if answered else None
            )
            entry["share_4_or_5"] = _ratio(
                entry["counts"].get("4", 0) + entry["counts"].get("5", 0), answered
            )
    total["questions"] = list(questions.values())
    return total


def _aligned(tables: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The periods' tables with the same cells: every service, theme, channel and answer choice that any
    period of the year counts, with 0 where a period has none. A period's table lists only what it
    counted, and a cell missing from a period was never hidden there, so the year would show it and,
    less the periods, give back that period's zero next to its hidden cells (found by the property test)."""
    services: dict[str, dict[str, Any]] = {}
    themes: dict[str, dict[str, Any]] = {}
    choices: dict[str, list[str]] = {}
    channels: dict[str, list[str]] = {"channels": [], "application_channels": []}
    for t in tables:
        for row in t.get("services", []):
            services.setdefault(row["code"], dict(row, applications=0, responses=0, women=0, men=0))
        for th in t.get("comment_themes", []):
            themes.setdefault(th["theme"], dict(th, count=0))
        for q in t.get("questions", []):
            known = choices.setdefault(q["code"], [])
            known.extend(k for k in q.get("counts", {}) if k not in known)
        for key, known in channels.items():
            known.extend(k for k in t.get(key, {}) if k not in known)
    aligned = []
    for t in tables:
        table = dict(t)
        present = {row["code"] for row in t.get("services", [])}
        table["services"] = [
            *t.get("services", []),
            *(dict(r) for c, r in services.items() if c not in present),
        ]
        named = {th["theme"] for th in t.get("comment_themes", [])}
        table["comment_themes"] = [
            *t.get("comment_themes", []),
            *(dict(th) for name, th in themes.items() if name not in named),
        ]
        table["questions"] = [
            dict(q, counts={k: q["counts"].get(k, 0) for k in choices[q["code"]]})
            for q in t.get("questions", [])
        ]
        for key, known in channels.items():
            if key in t:
                table[key] = {k: t[key].get(k, 0) for k in known}
        aligned.append(table)
    return aligned


def released_view(
    tables: Sequence[Mapping[str, Any]],
    threshold: int,
    *,
    year: Period | None = None,
    also_hidden: Iterable[Any] = (),
) -> list[dict[str, Any]]:
    """The suppressed views of a reporting year's periods (each hidden on its own: periods do not overlap)
    and, when ``year`` is given, of the year last: the sum of the periods, each cell shown only when the same
    cell is shown in every period (and is not in ``also_hidden``: cells hidden in an earlier version of a
    period), so it adds nothing a reader could not add up from the periods."""
    views, hidden = [], set(also_hidden)
    tables = _aligned(tables)
    for table in tables:
        view, table_hidden = _suppressed(dict(table), threshold)
        views.append(view)
        hidden |= table_hidden
    if year is not None:
        views.append(_suppressed(_sum_figures(year, tables), threshold, hidden)[0])
    return views


def released_figures(
    *, period: Period, calendar: ReportingCalendar | None = None, threshold: int | None = None
) -> dict[str, Any]:
    """The suppressed figures of a calendar period or year (the caller checked it is one), as released:
    see ``disclosure.ledger``. ``calendar`` and ``threshold``: the municipality's, when the caller has them."""
    calendar = calendar or reporting_calendar()
    threshold = threshold or settings_get().suppression_threshold
    if calendar.is_period(period):
        release = _period_release(period, threshold)
        return _suppressed(dict(release.figures), threshold, ledger.hidden_cells(release))[0]
    periods = calendar.periods_of_year(period)
    tables = [
        r.figures
        for r in ledger.current_of_each(
            Release.Topic.FEEDBACK,
            periods,
            compute=_period_figures,
            hidden_of=_hidden_of(threshold),
            threshold=threshold,
        )
    ]
    also = ledger.hidden_in_any_version(Release.Topic.FEEDBACK, periods)
    return released_view(tables, threshold, year=period, also_hidden=also)[-1]


def _exact_at(figures: Any, path: str) -> Any:
    node = figures
    for part in path.split("."):
        node = (
            node[int(part)] if isinstance(node, list) else node.get(part) if isinstance(node, dict) else None
        )
    return node


def _cell_name(figures: Mapping[str, Any], path: str) -> str:
    """A hidden cell's name as people read it, in the table's own words, e.g. "Newborn aid: Women"."""
    columns = {
        "applications": _("Applications"),
        "responses": _("Feedback forms"),
        "women": _("Women"),
        "men": _("Men"),
        "unidentified_service": _("Service not identifiable on the form"),
        "open_comments": _("Open comments"),
        "answered": _("Answered"),
    }
    parts = path.split(".")
    if parts[0] == "services" and len(parts) == 3:
        return f"{figures['services'][int(parts[1])]['name']}: {columns.get(parts[2], parts[2])}"
    if parts[0] == "questions" and len(parts) >= 3:
        question = figures["questions"][int(parts[1])]
        choice = question.get("choice_labels", {}).get(parts[-1], {})
        label = choice.get(get_language() if get_language() in choice else "ka", parts[-1])
        return f"{question.get('text', question['code'])}: {columns.get(parts[-1], label)}"
    if parts[0] == "comment_themes" and len(parts) == 3:
        return figures["comment_themes"][int(parts[1])]["name"]
    if parts[0] == "channels" and len(parts) == 2:
        return str(dict(Channel.choices).get(parts[1], parts[1]))
    return str(columns.get(path, path))


def findings_hidden_numbers(report: Report, threshold: int) -> list[dict[str, Any]]:
    """The numbers the report's findings text states that its published table hides: each number written
    in the text that equals a hidden cell's exact value, with the cells it may be (a warning for the
    officer; the text is published as written)."""
    written = {int(n) for n in re.findall(r"(?<![\d.,])\d+(?![\d.,]*\d)", report.findings or "")}
    if not written:
        return []
    # as it is (or will be) published: a published report's period may hide more than its own table
    public = (
        report_public_figures(report, threshold)
        if report.status == Report.Status.PUBLISHED
        else public_figures(report.figures, threshold)
    )
    kept = {q["code"] for q in public.get("questions", [])}
    exact = dict(
        report.figures, questions=[q for q in report.figures.get("questions", []) if q["code"] in kept]
    )
    found: dict[int, list[str]] = {}
    for path in public["hidden"]:
        value = _exact_at(exact, path)
        if isinstance(value, int) and value in written and value > 0:
            found.setdefault(value, []).append(_cell_name(exact, path))
    return [{"number": n, "cells": cells} for n, cells in sorted(found.items())]


# --- what the staff pages read -------------------------------------------------------------------------

# who reads every report, drafts included; council members read the published ones only
REPORT_STAFF = (Role.FEEDBACK_OFFICER, Role.FRONT_DESK)


def reports_for(user) -> QuerySet[Report]:
    """The reports ``user`` may read, newest period first (council members: published ones only)."""
    reports = Report.objects.select_related("created_by", "approved_by").order_by("-period_from", "-id")
    if not has_role(user, *REPORT_STAFF):
        reports = reports.filter(status=Report.Status.PUBLISHED)
    return reports


def report_may_read(user, report: Report) -> bool:
    """Whether ``user`` may open this report (the page's own check, beside whether they may open the list)."""
    if has_role(user, *REPORT_STAFF):
        return True
    return has_role(user, Role.COUNCIL_MEMBER) and report.status == Report.Status.PUBLISHED


def report_figures_for(user, report: Report, threshold: int) -> dict[str, Any]:
    """The report's figures as ``user`` reads them: exact, or published with small cells hidden."""
    return report.figures if reads_exact_figures(user) else report_public_figures(report, threshold)


def report_public_figures(report: Report, threshold: int) -> dict[str, Any]:
    """A published report's figures as citizens and council members read them: its own figures with
    small cells hidden, or, for a reporting year, the year as released (the sum of its periods' released
    figures, showing only cells every period shows), so a year report adds nothing to its periods."""
    calendar = reporting_calendar()
    if calendar.is_release(report.period):
        return released_figures(period=report.period, calendar=calendar, threshold=threshold)
    return public_figures(report.figures, threshold)


def published_reports() -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.PUBLISHED).order_by("-period_from", "-id")


def report_decisions(report: Report):
    return (
        Decision.objects.filter(meeting__report=report)
        .select_related("meeting", "service", "budget_line__service")
        .order_by("meeting__held_on", "id")
    )


def report_public_comments(report: Report):
    period = report.period
    return (
        Answer.objects.filter(
            publishable=True,
            question__kind=Question.Kind.TEXT,
            submitted_on__gte=period.first_day,
            submitted_on__lt=period.end,
        )
        .exclude(text="")
        .select_related("theme")
        .order_by("theme__position", "id")
    )


def meetings_for(user) -> QuerySet[WorkingMeeting]:
    """The working meetings ``user`` may open: staff every one; a council member those on a published
    report (the service's own deliberation on a report not yet published is not theirs to read)."""
    if has_role(user, *REPORT_STAFF):
        return WorkingMeeting.objects.all()
    return WorkingMeeting.objects.filter(report__status=Report.Status.PUBLISHED)


def meetings_with_decision_counts(user) -> QuerySet[WorkingMeeting]:
    return (
        meetings_for(user)
        .select_related("report")
        .annotate(
            decisions_count=Count("decisions"),
            implemented=Count("decisions", filter=Q(decisions__status=Decision.Status.IMPLEMENTED)),
        )
        .order_by("-held_on", "-id")  # Meta.ordering does not apply to GROUP BY queries
    )


def meeting_decisions(meeting: WorkingMeeting) -> QuerySet[Decision]:
    return meeting.decisions.select_related("service", "budget_line__service")


def batches_recent(limit: int = 100) -> QuerySet[BoxBatch]:
    """The latest box openings with how many of their forms were typed in."""
    return (
        BoxBatch.objects.select_related("opened_by", "form")
        .annotate(entered=Count("responses"))
        .order_by("-opened_on", "-id")[:limit]  # Meta.ordering does not apply to GROUP BY queries
    )


def batch_entered(batch: BoxBatch) -> int:
    return batch.responses.count()


def paper_form_default() -> Form | None:
    """The form a new box batch is for unless the user picks another."""
    return Form.objects.filter(kind=Form.Kind.PAPER).first()


def registry_entries(limit: int = 200) -> QuerySet[RegistryComment]:
    return RegistryComment.objects.select_related("recorded_by")[:limit]


def comment_themes() -> list[CommentTheme]:
    return list(CommentTheme.objects.order_by("position", "code"))


def comment_theme(pk: int | None) -> CommentTheme | None:
    return CommentTheme.objects.filter(pk=pk).first() if pk else None


def theme_suggest_among(text: str, themes: list[CommentTheme]) -> CommentTheme | None:
    """The first of ``themes`` one of whose keywords the comment contains."""
    lowered = text.lower()
    for theme in themes:
        if any(k in lowered for k in theme.keyword_list()):
            return theme
    return None


def theme_suggest(text: str) -> CommentTheme | None:
    """The first theme (by position) one of whose keywords the comment contains."""
    return theme_suggest_among(text, comment_themes())


def open_comments(
    *, first_day: datetime.date | None = None, last_day: datetime.date | None = None
) -> QuerySet[Answer]:
    """Non-empty free-text answers, newest first, between ``first_day`` and ``last_day`` (both included,
    either may be left open)."""
    qs = Answer.objects.filter(question__kind=Question.Kind.TEXT).exclude(text="")
    if first_day:
        qs = qs.filter(submitted_on__gte=first_day)
    if last_day:
        qs = qs.filter(submitted_on__lt=last_day + ONE_DAY)  # the day after the last
    return qs.select_related("theme").order_by("-submitted_on", "-id")


def open_comments_with_suggestions(
    *, first_day: datetime.date | None = None, last_day: datetime.date | None = None, limit: int = 500
) -> tuple[list[Answer], list[CommentTheme]]:
    """The comments page: its comments (each untagged one with ``suggested``, the theme its words suggest)
    and the themes."""
    themes = comment_themes()
    rows = list(open_comments(first_day=first_day, last_day=last_day)[:limit])
    for answer in rows:
        answer.suggested = None if answer.theme_id else theme_suggest_among(answer.text, themes)  # type: ignore[attr-defined]
    return rows, themes


def invitation_counts() -> dict[str, int]:
    """How many invitations are in each status."""
    return dict(Invitation.objects.order_by().values_list("status").annotate(n=Count("id")))


def feedback_overview() -> dict[str, Any]:
    """The figures of the feedback home page."""
    return {
        "forms": Form.objects.annotate(responses=Count("versions__responses")).order_by(
            "-is_standard", "code"
        ),
        "open_batches": BoxBatch.objects.filter(status=BoxBatch.Status.OPEN).count(),
        "invitations": invitation_counts(),
        "reports": Report.objects.order_by("-period_from", "-id")[:5],
        "registry": RegistryComment.objects.count(),
    }


def form_versions(form: Form) -> QuerySet[FormVersion]:
    """A form's versions, newest first, with how many responses each received."""
    return form.versions.annotate(responses_count=Count("responses")).order_by("-number")


def current_version(form: Form):
    return form.versions.filter(is_current=True).prefetch_related("questions").get()


def service_choices():
    """Services citizens can name on a form: the current catalogue, by code (codes are stable across years)."""
    seen: dict[str, Service] = {}
    for s in Service.objects.select_related("programme").order_by("-programme__year", "position", "code"):
        seen.setdefault(s.code, s)
    return sorted(seen.values(), key=lambda s: (s.position, s.code))
