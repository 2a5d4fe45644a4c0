"""Published figures: a hidden small cell can never be worked out from the figures that are shown
(total minus the visible cells of any group), neither on the page nor in the PDF."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from feedback.selectors import public_figures
from tests.conftest import client_for


def _service(code, applications, responses, women, men):
    return {
        "code": code,
        "name": code,
        "applications": applications,
        "responses": responses,
        "women": women,
        "men": men,
    }


def _question(code, kind, counts):
    answered = sum(counts.values())
    q = {
        "code": code,
        "kind": kind,
        "counts": counts,
        "answered": answered,
        "text": code,
        "text_en": code,
        "choice_labels": {},
    }
    if kind == "yes_no":
        q["share_yes"] = round(counts.get("1", 0) / answered, 4)
    if kind == "scale":
        q["mean"] = round(sum(int(k) * v for k, v in counts.items()) / answered, 2)
        q["share_4_or_5"] = round((counts.get("4", 0) + counts.get("5", 0)) / answered, 4)
    return q


# one small cell in every group, the shape the review found on the demo's report
EXACT = {
    "applications": 40,
    "responses": 30,
    "response_rate": 0.75,
    "women": 18,
    "men": 10,
    "unidentified_service": 2,
    "unidentified_service_women": 1,
    "unidentified_service_men": 1,
    "channels": {"paper": 27, "email": 2, "online": 1, "import": 0},
    "services": [_service("a", 20, 14, 9, 5), _service("b", 12, 10, 6, 4), _service("c", 8, 4, 2, 0)],
    "open_comments": 30,
    "comment_themes": [
        {"theme": t, "name": t, "count": n}
        for t, n in (("more_aid", 13), ("pensions", 8), ("satisfied", 7), ("extract", 2))
    ],
    "questions": [
        _question("documents_easy", "yes_no", {"0": 2, "1": 28}),
        _question("satisfaction", "scale", {"1": 1, "3": 4, "4": 10, "5": 15}),
        _question("heard", "single", {"web": 20, "friends": 7, "tv": 3}),
    ],
}


def recoverable(public: dict, exact: dict) -> list[str]:
    """Every hidden cell a reader can compute as a published total minus the published cells of its group.
    Cells never published (women and men among responses with no service, untagged comments) count as
    unknown unless they are zero (a zero is no one, and zeros are published anyway)."""

    def known(value):
        return value is not None

    groups: list[tuple[str, object, list]] = []
    services = public["services"]
    no_unidentified = public["unidentified_service"] == 0
    groups.append(
        (
            "responses per service",
            public["responses"],
            [s["responses"] for s in services] + [public["unidentified_service"]],
        )
    )
    groups.append(("applications per service", public["applications"], [s["applications"] for s in services]))
    for sex in ("women", "men"):
        unidentified = 0 if no_unidentified or not exact.get(f"unidentified_service_{sex}") else None
        groups.append((sex, public[sex], [s[sex] for s in services] + [unidentified]))
    groups.append(("channels", public["responses"], list(public["channels"].values())))
    untagged = exact["open_comments"] - sum(t["count"] for t in exact["comment_themes"])
    groups.append(
        (
            "comment themes",
            public["open_comments"],
            [t["count"] for t in public["comment_themes"]] + [0 if untagged == 0 else None],
        )
    )
    exact_answered = {q["code"]: q["answered"] for q in exact["questions"]}
    for q in public["questions"]:
        # the reader may know how many answered (a required question: every response)
        groups.append((f"answers to {q['code']}", exact_answered[q["code"]], list(q["counts"].values())))
    found = []
    for name, total, cells in groups:
        unknown = [c for c in [total, *cells] if not known(c)]
        if len(unknown) == 1:  # one unknown in a sum: it is the total minus the others
            shown = sum(c for c in cells if known(c))
            value = shown if not known(total) else total - shown
            if value:  # working out that a hidden figure is zero tells nothing about anyone
                found.append(name)
    for q in public["questions"]:
        if any(v is None for v in q["counts"].values()):
            for key in ("answered", "mean", "share_yes", "share_4_or_5"):
                if q.get(key) is not None:
                    found.append(f"{key} of {q['code']}")
    if (public["applications"] is None or public["responses"] is None) and public[
        "response_rate"
    ] is not None:
        found.append("response rate")
    return found


def test_no_hidden_cell_can_be_worked_out_from_the_published_figures():
    public = public_figures(EXACT, 5)
    assert recoverable(public, EXACT) == []
    # the small cells themselves are hidden, and the large ones that need not be are shown
    assert public["services"][2]["responses"] is None and public["services"][0]["applications"] == 20
    assert [t["count"] for t in public["comment_themes"]].count(None) == 2
    assert public["comment_themes"][0]["count"] == 13
    assert public["channels"]["paper"] == 27


def test_a_question_with_a_hidden_answer_count_shows_neither_its_total_nor_its_mean_or_shares():
    public = {q["code"]: q for q in public_figures(EXACT, 5)["questions"]}
    assert public["documents_easy"]["share_yes"] is None and public["documents_easy"]["answered"] is None
    assert public["satisfaction"]["mean"] is None and public["satisfaction"]["share_4_or_5"] is None
    assert list(public["satisfaction"]["counts"].values()).count(None) >= 2


def test_response_rate_is_hidden_when_the_applications_are():
    figures = dict(
        EXACT,
        applications=4,
        services=[_service("a", 4, 30, 18, 10)],
        unidentified_service=0,
        response_rate=7.5,
    )
    public = public_figures(figures, 5)
    assert public["applications"] is None and public["response_rate"] is None
    assert recoverable(public, figures) == []


def test_a_total_is_hidden_when_no_other_cell_can_be():
    figures = dict(
        EXACT,
        open_comments=15,
        comment_themes=[{"theme": "t", "name": "t", "count": 13}, {"theme": "u", "name": "u", "count": 2}],
    )
    public = public_figures(figures, 5)
    assert recoverable(public, figures) == []


@pytest.mark.django_db
def test_the_demo_report_page_and_figures_give_no_hidden_cell_back(seeded):
    from feedback.models import Report

    with schema_context(seeded.schema_name):
        report = Report.objects.get(status="published")
    public = public_figures(report.figures, 5)
    assert recoverable(public, report.figures) == []
    themes = {t["theme"]: t["count"] for t in public["comment_themes"]}
    assert themes["fetch_extract"] is None and None in (themes["satisfied"], themes["pensions_disability"])
    html = client_for(seeded).get(f"/reports/{report.pk}/").content.decode()
    themes_table = html.split('id="themes-table"')[1].split("</table>")[0]
    assert themes_table.count("<td>×</td>") == 2
    assert client_for(seeded).get(f"/reports/{report.pk}/pdf/").status_code == 200


def random_figures(rnd) -> dict:
    """Consistent figures of a period: sums add up as in `feedback_summary`."""
    services, unidentified = [], [rnd.choice([0, 0, 1, 2, 3, 7]) for _ in range(3)]  # women, men, unsaid
    for i in range(rnd.randint(0, 5)):
        women, men, unsaid = (rnd.choice([0, 0, 1, 2, 4, 6, 20]) for _ in range(3))
        services.append(_service(f"s{i}", rnd.choice([0, 1, 3, 8, 40]), women + men + unsaid, women, men))
    responses = sum(s["responses"] for s in services) + sum(unidentified)
    channels, left = {}, responses
    for channel in ("paper", "email", "online"):
        channels[channel] = rnd.randint(0, left)
        left -= channels[channel]
    channels["import"] = left
    themes = [
        {"theme": f"t{i}", "name": "t", "count": rnd.choice([1, 2, 5, 9])} for i in range(rnd.randint(0, 4))
    ]
    counts = {str(v): rnd.choice([0, 1, 2, 6, 15]) for v in range(1, 6)}
    applications = sum(s["applications"] for s in services)
    return {
        "applications": applications,
        "responses": responses,
        "response_rate": round(responses / applications, 4) if applications else None,
        "women": sum(s["women"] for s in services) + unidentified[0],
        "men": sum(s["men"] for s in services) + unidentified[1],
        "unidentified_service": sum(unidentified),
        "unidentified_service_women": unidentified[0],
        "unidentified_service_men": unidentified[1],
        "channels": channels,
        "services": services,
        "open_comments": sum(t["count"] for t in themes) + rnd.choice([0, 0, 1, 3]),
        "comment_themes": themes,
        "questions": [_question("satisfaction", "scale", counts)] if sum(counts.values()) else [],
    }


def test_no_hidden_cell_can_be_worked_out_whatever_the_figures():
    import random

    rnd = random.Random(20251201)
    for _ in range(2000):
        figures = random_figures(rnd)
        for threshold in (3, 5):
            public = public_figures(figures, threshold)
            assert recoverable(public, figures) == [], figures


@pytest.mark.django_db
def test_a_figure_hidden_only_to_protect_a_small_one_is_not_called_small(seeded):
    """ "Satisfied, no remark" (7 comments) is hidden with a small theme: the page must not say "<5"."""
    from feedback.models import Report

    with schema_context(seeded.schema_name):
        report = Report.objects.get(status="published")
    page = client_for(seeded).get(f"/reports/{report.pk}/").content.decode()
    assert "&lt;5" not in page and "<5" not in page
    themes_table = page.split('id="themes-table"')[1].split("</table>")[0]
    assert '<tr data-theme="satisfied">' in themes_table
    assert "<td>×</td>" in themes_table.split('data-theme="satisfied"')[1].split("</tr>")[0]
    assert (
        "დამალულია პირადი მონაცემების დასაცავად (ნაკლები ვიდრე 5 ან მისი გამოთვლის თავიდან ასაცილებლად)"
        in page
    )
    assert page.count('class="hidden-legend"') == 4  # under each table


def test_the_published_figures_list_what_is_hidden_and_keep_every_field():
    public = public_figures(EXACT, 5)
    assert public["hidden"], "the example has hidden cells"
    for key in public["hidden"]:
        value = public
        for part in key.split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        assert value is None, key
    assert set(public) >= {"applications", "responses", "women", "men", "services", "channels", "questions"}


def _pdf_texts(monkeypatch, client, url) -> str:
    """The text of every paragraph and table cell of a PDF (captured before ReportLab lays it out)."""
    import html
    import re

    from feedback import pdfs

    captured = []
    monkeypatch.setattr(pdfs.pdf, "document", lambda story, **kw: captured.extend(story) or b"%PDF-")
    assert client.get(url).status_code == 200
    texts = []
    for flowable in captured:
        cells = [c for row in getattr(flowable, "_cellvalues", []) for c in row]
        for p in [flowable, *cells]:
            if hasattr(p, "text"):
                texts.append(html.unescape(re.sub(r"<[^>]+>", "", p.text)))
    return "\n".join(texts)


@pytest.mark.django_db
def test_the_public_pdf_marks_hidden_figures_neutrally_and_explains_the_mark(seeded, monkeypatch):
    from feedback.models import Report

    with schema_context(seeded.schema_name):
        report = Report.objects.get(status="published")
    text = _pdf_texts(monkeypatch, client_for(seeded), f"/reports/{report.pk}/pdf/")
    assert "<5" not in text and "×" in text
    assert text.count("× — დამალულია პირადი მონაცემების დასაცავად") == 4  # under each table


@pytest.mark.django_db
def test_citizens_read_the_last_day_of_the_period_not_the_day_after(seeded, monkeypatch):
    from feedback.models import Report

    with schema_context(seeded.schema_name):
        report = Report.objects.get(status="published")
    # the demo's first report: 1 June to 31 August 2025 (stored as ending on 1 September, the day after)
    assert (report.period_from.isoformat(), report.period_to.isoformat()) == ("2025-06-01", "2025-09-01")
    page = client_for(seeded).get(f"/reports/{report.pk}/").content.decode()
    assert "პერიოდი: 2025-06-01 – 2025-08-31" in page and "2025-09-01" not in page
    text = _pdf_texts(monkeypatch, client_for(seeded), f"/reports/{report.pk}/pdf/")
    assert "პერიოდი: 2025-06-01 – 2025-08-31" in text and "2025-09-01" not in text
