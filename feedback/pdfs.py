"""Printable documents of the feedback cycle: the A4 paper form (with a QR code to the online form) and
the report (public figures suppressed, or exact for the internal copy). Georgian content."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.platypus import KeepTogether

from municipal_platform import pdf

from .models import Channel, Form, FormVersion, Question
from .selectors import service_choices
from .templatetags.feedback_tags import HIDDEN_MARK, hidden_legend, pct, share

BOX = "[   ]"


def form_pdf(*, form: Form, version: FormVersion, online_url: str, tenant) -> bytes:
    with translation.override("ka"):
        story = [
            pdf.paragraph(tenant.name_ka, 9),
            pdf.paragraph(form.title_ka, 14, bold=True, space_after=4),
            pdf.paragraph(form.intro_ka, 9, space_after=4),
        ]
        header = pdf.table(
            [
                [
                    pdf.qr(online_url, 26),
                    pdf.paragraph(_("You can also fill in this form online:") + "\n" + online_url, 9),
                ]
            ],
            [32, 148],
            header=False,
        )
        story += [header, pdf.spacer(3)]
        if form.asks_service:
            story.append(pdf.paragraph(_("Which service did you apply for?"), 10, bold=True))
            names = [f"{BOX} {s.name_ka}" for s in service_choices()] + [
                f"{BOX} " + _("Not sure / not stated")
            ]
            story.append(pdf.paragraph("\n".join(names), 8))
        if form.asks_sex or form.asks_age:
            line = []
            if form.asks_sex:
                line.append(_("Sex (optional)") + f":  {BOX} " + _("Female") + f"   {BOX} " + _("Male"))
            if form.asks_age:
                line.append(
                    _("Age (optional)")
                    + ":  "
                    + "   ".join(f"{BOX} {b}" for b in ("18-29", "30-44", "45-59", "60-74", "75+"))
                )
            story.append(pdf.paragraph("\n".join(line), 9, space_after=4))
        for n, q in enumerate(version.questions.all(), start=1):
            story.append(pdf.paragraph(f"{n}. {q.text_ka}{' *' if q.required else ''}", 10, bold=True))
            if q.kind == Question.Kind.SCALE:
                story.append(pdf.paragraph("      ".join(f"{BOX} {i}" for i in range(1, 6)), 10))
            elif q.kind == Question.Kind.YES_NO:
                story.append(pdf.paragraph(f"{BOX} " + _("Yes") + f"      {BOX} " + _("No"), 10))
            elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                story.append(pdf.paragraph("    ".join(f"{BOX} {c['ka']}" for c in q.choices), 9))
            else:
                story.append(pdf.table([[""], [""], [""]], [180], header=False))
            story.append(pdf.spacer(1.5))
        story.append(
            pdf.paragraph(
                _("Thank you. Please leave the form in the feedback box or with the chancellery staff."), 9
            )
        )
        return pdf.document(story, title=form.title_ka, author=tenant.name_ka)


def question_bars(q: dict) -> list[tuple[str, int, str]]:
    """The bars the report page draws for a question, as (label, percent filled, figure shown): the share
    of "yes" for a yes/no question whose share is known, else one bar per answer, its count among those
    answered (empty where the count or the number answered is hidden). The same figures and the same
    ``share`` rounding as the page."""
    if q["kind"] == "yes_no" and q.get("share_yes") is not None:
        return [(_("Yes"), share(q["share_yes"], 1), pct(q["share_yes"]))]
    bars = []
    for value, n in q["counts"].items():
        label = value
        if q["kind"] not in ("scale", "yes_no"):
            label = q["choice_labels"].get(value, {}).get("ka", value)
        bars.append((label, share(n, q["answered"]), HIDDEN_MARK if n is None else str(n)))
    return bars


def _bars(q: dict):
    rows = [[label, pdf.bar(percent, 90), shown] for label, percent, shown in question_bars(q)]
    return pdf.table(rows, [50, 94, 20], header=False, size=8)


def report_pdf(context: dict, *, tenant) -> bytes:
    """The report as PDF from the same context as the page (public: suppressed figures)."""
    report, figures, threshold = context["report"], context["figures"], context["threshold"]

    def cell(v):
        return HIDDEN_MARK if v is None else v

    def legend():
        return pdf.paragraph(f"{HIDDEN_MARK} — " + hidden_legend(threshold), 7)

    public = context.get("public", False)

    def pct(v):
        return "–" if v is None else f"{v * 100:.1f}%"

    with translation.override("ka"):
        story = [
            pdf.paragraph(tenant.name_ka, 9),
            pdf.paragraph(report.title, 14, bold=True, space_after=6),
            # the last day itself, as citizens count (the period is stored end-exclusive)
            pdf.paragraph(
                _("Period: %(start)s – %(end)s")
                % {"start": report.period.first_day.isoformat(), "end": report.period.last_day.isoformat()},
                9,
                space_after=6,
            ),
        ]
        if report.findings:
            story += [
                pdf.paragraph(_("Main findings"), 11, bold=True),
                pdf.paragraph(report.findings, 9, space_after=6),
            ]
        story.append(
            pdf.paragraph(
                _("Applications")
                + f": {cell(figures['applications'])}   "
                + _("Feedback forms")
                + f": {cell(figures['responses'])}   "
                + _("Response rate")
                + f": {pct(figures['response_rate'])}   "
                + _("Women / men")
                + f": {cell(figures['women'])} / {cell(figures['men'])}",
                10,
            )
        )
        rows = [[_("Service"), _("Applications"), _("Feedback"), _("Women"), _("Men")]]
        for s in figures["services"]:
            rows.append(
                [
                    s["name"],
                    cell(s["applications"]),
                    cell(s["responses"]),
                    cell(s["women"]) if s["responses"] else "",
                    cell(s["men"]) if s["responses"] else "",
                ]
            )
        rows.append(
            [_("Service not identifiable on the form"), "", cell(figures["unidentified_service"]), "", ""]
        )
        rows.append(
            [
                _("Total"),
                cell(figures["applications"]),
                cell(figures["responses"]),
                cell(figures["women"]),
                cell(figures["men"]),
            ]
        )
        story.append(pdf.table(rows, [76, 34, 30, 20, 20]))  # Georgian headers fit unbroken
        if public:
            story.append(legend())
        story.append(pdf.spacer(3))
        labels = dict(Channel.choices)
        story.append(
            pdf.paragraph(
                _("How the forms arrived")
                + ": "
                + ", ".join(f"{labels.get(k, k)} {cell(v)}" for k, v in figures["channels"].items()),
                9,
            )
        )
        if public:
            story.append(legend())
        if figures.get("questions"):
            story.append(pdf.paragraph(_("Answers"), 11, bold=True))
            for q in figures["questions"]:
                if q["kind"] == "yes_no" and q.get("share_yes") is not None:
                    text = _("Yes") + f": {pct(q.get('share_yes'))}"
                elif q["kind"] == "scale" and q.get("mean") is not None:
                    text = _("Average") + f": {q.get('mean')} / 5"
                else:  # choices, or a scale whose mean is left out because a count is hidden
                    text = ", ".join(
                        f"{q['choice_labels'].get(k, {}).get('ka', k)}: {cell(v)}"
                        for k, v in q["counts"].items()
                    )
                # a question's heading stays on the page of its bars
                story.append(KeepTogether([pdf.paragraph(f"{q['text']} — {text}", 9), _bars(q)]))
            if public:
                story.append(legend())
        story.append(pdf.paragraph(_("What you wrote"), 11, bold=True))
        theme_rows = [[t["name"], cell(t["count"])] for t in figures["comment_themes"]]
        if theme_rows:
            story.append(pdf.table(theme_rows, [150, 30], header=False))
            if public:
                story.append(legend())
        else:  # comments not yet sorted into themes, or none at all: an empty table cannot be drawn
            story.append(pdf.paragraph(_("No comments have been sorted into themes for this period."), 9))
        for c in context.get("comments", []):
            story.append(pdf.paragraph(f"„{c.text}“", 9))
        story.append(pdf.paragraph(_("What we decided"), 11, bold=True))
        decision_rows = [[_("Change"), _("Status"), _("Responsible"), _("Due")]]
        for d in context["decisions"]:
            decision_rows.append(
                [d.change, d.get_status_display(), d.responsible, d.due_on.isoformat() if d.due_on else ""]
            )
        story.append(pdf.table(decision_rows, [85, 30, 40, 25]))  # a date on one line
        return pdf.document(story, title=report.title, author=tenant.name_ka)
