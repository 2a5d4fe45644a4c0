"""Property test of the release rule (README, "Who reads which figures"): hypothesis generates a reporting
year of small feedback tables, every period and the year are released as a council member or a citizen
reads them, and an attacker who knows every sum the tables are made of (a total and its cells, a year and
its periods) combines all the shown figures in every way (exact linear algebra: any sum or difference).
No hidden count from 1 to the threshold minus 1 may come out, nor may a zero give away that everyone
counted in a hidden total is in one hidden cell."""

from __future__ import annotations

import datetime
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.selectors import released_view
from municipal_platform.disclosure import ReportingCalendar

THRESHOLD = 5
SERVICES = ("a", "b", "c")
CHANNELS = ("paper", "email", "online")
THEMES = ("more_aid", "pensions")
OPTIONS = ("staff", "people", "website")
CALENDAR = ReportingCalendar(start=datetime.date(2025, 6, 1), months=3)
YEAR = CALENDAR.year(0)

small = st.integers(min_value=0, max_value=12)


def _split(draw, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


@st.composite
def period_table(draw) -> dict:
    services = []
    for code in SERVICES:
        women, men, no_sex = draw(small), draw(small), draw(st.integers(0, 2))
        services.append(
            {
                "code": code,
                "name": code,
                "applications": draw(small),
                "responses": women + men + no_sex,
                "women": women,
                "men": men,
            }
        )
    u_women, u_men = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    unidentified = u_women + u_men
    responses = sum(s["responses"] for s in services) + unidentified
    channels = dict(zip(CHANNELS, _split(draw, responses, len(CHANNELS)), strict=True))
    themes = draw(st.lists(small, min_size=len(THEMES), max_size=len(THEMES)))
    untagged = draw(st.integers(0, 3))
    answered = draw(st.integers(0, responses))
    counts = dict(zip(OPTIONS, _split(draw, answered, len(OPTIONS)), strict=True))
    return {
        "applications": sum(s["applications"] for s in services),
        "responses": responses,
        "women": sum(s["women"] for s in services) + u_women,
        "men": sum(s["men"] for s in services) + u_men,
        "unidentified_service": unidentified,
        "unidentified_service_women": u_women,
        "unidentified_service_men": u_men,
        "channels": channels,
        "services": services,
        "open_comments": sum(themes) + untagged,
        "comment_themes": [
            {"theme": t, "name": t, "count": n} for t, n in zip(THEMES, themes, strict=True) if n
        ],
        "questions": [
            {
                "code": "info_source",
                "kind": "single",
                "counts": {k: v for k, v in counts.items() if v},
                "answered": answered,
                "text": "",
                "text_en": "",
                "choice_labels": {},
            }
        ]
        if answered
        else [],
    }


def _cells(table: dict) -> dict:
    """Every cell of an exact table by name, unpublished ones included."""
    cells = {k: table[k] for k in ("applications", "responses", "women", "men", "open_comments")}
    cells["unidentified_service"] = table["unidentified_service"]
    cells["u_women"] = table["unidentified_service_women"]
    cells["u_men"] = table["unidentified_service_men"]
    for s in table["services"]:
        for field in ("applications", "responses", "women", "men"):
            cells[(s["code"], field)] = s[field]
    for c in CHANNELS:
        cells[("channel", c)] = table["channels"].get(c, 0)
    themes = {t["theme"]: t["count"] for t in table["comment_themes"]}
    for t in THEMES:
        cells[("theme", t)] = themes.get(t, 0)
    cells["untagged"] = table["open_comments"] - sum(themes.values())
    question = table["questions"][0] if table["questions"] else {"counts": {}, "answered": 0}
    cells["answered"] = question["answered"]
    for o in OPTIONS:
        cells[("answer", o)] = question["counts"].get(o, 0)
    return cells


def _shown(view: dict) -> dict:
    """What a reader is shown, by the same names (None: hidden; absent: never shown)."""
    shown = {k: view[k] for k in ("applications", "responses", "women", "men", "open_comments")}
    shown["unidentified_service"] = view["unidentified_service"]
    for s in view["services"]:
        for field in ("applications", "responses", "women", "men"):
            shown[(s["code"], field)] = s[field]
    for c, n in view["channels"].items():
        shown[("channel", c)] = n
    for t in view["comment_themes"]:
        shown[("theme", t["theme"])] = t["count"]
    for q in view["questions"]:
        shown["answered"] = q["answered"]
        for o, n in q["counts"].items():
            shown[("answer", o)] = n
    return shown


def _sums(cells: dict) -> list[tuple[object, list]]:
    """The sums a reader knows a table is made of: (total, its cells)."""
    return [
        ("responses", [(s, "responses") for s in SERVICES] + ["unidentified_service"]),
        ("applications", [(s, "applications") for s in SERVICES]),
        ("women", [(s, "women") for s in SERVICES] + ["u_women"]),
        ("men", [(s, "men") for s in SERVICES] + ["u_men"]),
        ("unidentified_service", ["u_women", "u_men"]),
        ("responses", [("channel", c) for c in CHANNELS]),
        ("open_comments", [("theme", t) for t in THEMES] + ["untagged"]),
        ("answered", [("answer", o) for o in OPTIONS]),
    ]


class Attack:
    """Exact linear algebra over the hidden cells: which combinations of them the shown figures fix."""

    def __init__(self, tables: list[dict], views: list[dict]):
        self.values: dict = {}
        self.known: dict = {}
        for i, (table, view) in enumerate(zip(tables, views, strict=True)):
            shown = _shown(view) if view is not None else {}
            for name, value in _cells(table).items():
                self.values[(i, name)] = value
                if shown.get(name) is not None:
                    assert shown[name] == value, name  # what is shown is the truth
                    self.known[(i, name)] = value
        self.unknown = sorted((k for k in self.values if k not in self.known), key=repr)
        self.index = {k: n for n, k in enumerate(self.unknown)}
        equations = []  # (coefficients over all cells) == 0
        for i, table in enumerate(tables):
            for total, parts in _sums(_cells(table)):
                equations.append({(i, total): 1, **{(i, p): -1 for p in parts}})
        year = len(tables) - 1
        for name in _cells(tables[0]):
            equations.append({(year, name): 1, **{(i, name): -1 for i in range(year)}})
        self.rows = self._echelon([self._over_unknown(e) for e in equations])

    def _over_unknown(self, equation: dict) -> list[Fraction]:
        row = [Fraction(0)] * len(self.unknown)
        for key, coefficient in equation.items():
            if key in self.index:
                row[self.index[key]] += coefficient
        return row

    @staticmethod
    def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
        basis: list[tuple[int, list[Fraction]]] = []
        for row in rows:
            row = Attack._reduce(basis, row)
            pivot = next((j for j, v in enumerate(row) if v), None)
            if pivot is not None:
                basis.append((pivot, [v / row[pivot] for v in row]))
        return basis

    @staticmethod
    def _reduce(basis, row: list[Fraction]) -> list[Fraction]:
        row = list(row)
        for pivot, brow in basis:
            if row[pivot]:
                factor = row[pivot]
                row = [a - factor * b for a, b in zip(row, brow, strict=True)]
        return row

    def fixes(self, combination: dict) -> bool:
        """Whether the shown figures and the known sums fix this combination of hidden cells."""
        row = self._over_unknown(combination)
        return any(row) and not any(self._reduce(self.rows, row))


def _assert_nothing_small_recoverable(tables: list[dict]) -> None:
    _assert_nothing_recoverable(tables, released_view(tables[:-1], THRESHOLD, year=YEAR))


def _assert_nothing_recoverable(tables: list[dict], views: list[dict | None]) -> None:
    """``tables[-1]`` is the sum of the others; ``views`` what a reader is shown of each (None: nothing)."""
    attack = Attack(tables, views)
    for key in attack.unknown:
        value = attack.values[key]
        if 0 < value < THRESHOLD:
            assert not attack.fixes({key: 1}), f"hidden {key} = {value} recovered"
    for i, table in enumerate(tables):
        for total, parts in _sums(_cells(table)):
            if attack.values[(i, total)] == 0:
                continue
            for part in parts:
                if attack.values[(i, part)] == attack.values[(i, total)] and (i, part) in attack.index:
                    if attack.fixes({(i, part): 1}):
                        # worked out exactly (and not small: checked above), as good as shown: a table
                        # may show that all of a large group is in one cell
                        continue
                    # everyone counted in the total is in this hidden cell: that may not be worked out
                    combination = {(i, part): 1, (i, total): -1}
                    assert not attack.fixes(combination), f"{(i, part)} holds all of {(i, total)}"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(period_table(), min_size=4, max_size=4))
def test_no_combination_of_released_periods_and_year_recovers_a_small_hidden_count(periods):
    from feedback.selectors import _sum_figures

    _assert_nothing_small_recoverable([*periods, _sum_figures(YEAR, periods)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(period_table(), period_table())
def test_a_period_released_again_with_late_entries_gives_back_no_small_count(first, late):
    """A period released once (a first reading), then again with late entries added (a corrected report):
    neither version, nor the late entries (the difference), nor any combination gives back a count
    between 1 and the threshold minus 1 (disclosure.ledger, rule 2)."""
    from feedback.selectors import _combine, _difference, _hidden_of, _suppressed
    from municipal_platform.disclosure.ledger import hidden_in_new_version

    hidden_of = _hidden_of(THRESHOLD)
    second = _combine([first, late], (1, 1))
    first_hidden = hidden_of(first, set())
    second_hidden = hidden_in_new_version(
        second, [(first, first_hidden)], hidden_of=hidden_of, difference=_difference
    )
    views = [
        _suppressed(dict(first), THRESHOLD, first_hidden)[0],
        None,  # the late entries are never shown on their own
        _suppressed(dict(second), THRESHOLD, second_hidden)[0],
    ]
    # the second version is the first plus the late entries: the attack's "year" equation says so
    _assert_nothing_recoverable([first, late, second], views)
