"""Property test of what a council member reads of the programmes (README, "Who reads which figures"):
hypothesis generates a reporting year of applications per service, the summary of every period and of
the year is suppressed as released, the budget's money is shown or hidden by the same rule as the page,
and an attacker who knows how the tables add up (status, channel and sex against each row's total, each
column against the totals row, the year against its periods, money = approvals x the service's fixed
amount) combines everything shown. No hidden count from 1 to the threshold minus 1 may come out."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.selectors import SUMMARY_COUNTS, SUMMARY_PARTS, summary_totals, suppress_summary

THRESHOLD = 5
SERVICES = {1: Decimal(500), 2: Decimal(300), 3: Decimal(1000)}  # id -> fixed amount
PERIODS = 4


def _split(draw, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


@st.composite
def period_rows(draw) -> list[dict]:
    rows = []
    for service_id, amount in SERVICES.items():
        total = draw(st.integers(0, 12))
        if not total:
            continue  # the summary lists services with applications only
        row = {"id": service_id, "code": str(service_id), "total": total}
        for part in SUMMARY_PARTS:
            row.update(zip(part, _split(draw, total, len(part)), strict=True))
        row["decided_amount"] = amount * row["approved"]
        rows.append(row)
    return rows


def _table(rows: list[dict]) -> dict:
    cells = {}
    for row in rows:
        for k in (*SUMMARY_COUNTS, "decided_amount"):
            cells[(row["id"], k)] = row[k]
    for service_id in SERVICES:  # a service not listed has no applications: all its cells are 0
        for k in (*SUMMARY_COUNTS, "decided_amount"):
            cells.setdefault((service_id, k), 0)
    return cells


def _released(periods: list[list[dict]]):
    """Every table as shown: the periods, then the year (cells hidden in any period hidden in it)."""
    shown, hidden = [], set()
    for rows in periods:
        out_rows, out_totals = suppress_summary(rows, summary_totals(rows), threshold=THRESHOLD)
        shown.append((out_rows, out_totals))
        hidden |= {(r["id"], k) for r in out_rows for k, v in r.items() if v is None}
        hidden |= {("totals", k) for k, v in out_totals.items() if v is None}
    year = {}
    for rows in periods:
        for row in rows:
            entry = year.setdefault(row["id"], {"id": row["id"], "code": row["code"]})
            for k in (*SUMMARY_COUNTS, "decided_amount"):
                entry[k] = entry.get(k, 0) + row[k]
    year_rows = sorted(year.values(), key=lambda r: r["id"])
    shown.append(
        suppress_summary(year_rows, summary_totals(year_rows), threshold=THRESHOLD, also_hidden=hidden)
    )
    return [*periods, year_rows], shown, hidden


def _budget_shown(periods, hidden) -> dict[int, bool]:
    """Whether the budget shows a service's committed money (the rule of selectors.budget_for)."""
    approved = {s: sum(r["approved"] for rows in periods for r in rows if r["id"] == s) for s in SERVICES}
    return {s: not (0 < approved[s] < THRESHOLD) and (s, "approved") not in hidden for s in SERVICES}


PRIME = 2**61 - 1  # rank over the integers modulo a large prime: the rank over the rationals, but fast


def _fixes(rows: list[list[int]], target: list[int]) -> bool:
    """Whether ``target`` (a combination of hidden cells) is a combination of the known equations."""
    basis: dict[int, list[int]] = {}

    def reduce(row):
        row = [v % PRIME for v in row]
        for pivot, brow in basis.items():
            if row[pivot]:
                f = row[pivot]
                row = [(a - f * b) % PRIME for a, b in zip(row, brow, strict=True)]
        return row

    for row in rows:
        if not any(row):
            continue
        row = reduce(row)
        pivot = next((j for j, v in enumerate(row) if v), None)
        if pivot is not None:
            inverse = pow(row[pivot], PRIME - 2, PRIME)
            row = [v * inverse % PRIME for v in row]
            for other, brow in basis.items():  # keep the basis reduced on every pivot
                if brow[pivot]:
                    f = brow[pivot]
                    basis[other] = [(a - f * b) % PRIME for a, b in zip(brow, row, strict=True)]
            basis[pivot] = row
    return any(v % PRIME for v in target) and not any(reduce(target))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(period_rows(), min_size=PERIODS, max_size=PERIODS))
def test_no_combination_of_council_summaries_and_budget_recovers_a_small_hidden_count(periods):
    exact_tables, shown, hidden = _released(periods)
    values, known = {}, {}
    for t, (rows, (out_rows, out_totals)) in enumerate(zip(exact_tables, shown, strict=True)):
        cells = _table(rows)
        totals = summary_totals(rows)
        listed = {r["id"]: r for r in out_rows}
        for (service_id, k), v in cells.items():
            values[(t, service_id, k)] = v
            shown_row = listed.get(service_id)
            if shown_row is None:
                known[(t, service_id, k)] = 0  # not listed: no applications
            elif shown_row[k] is not None:
                known[(t, service_id, k)] = v
        for k in (*SUMMARY_COUNTS, "decided_amount"):
            values[(t, "totals", k)] = totals[k]
            if out_totals[k] is not None:
                known[(t, "totals", k)] = totals[k]
    unknown = sorted((k for k in values if k not in known), key=repr)
    index = {k: i for i, k in enumerate(unknown)}

    def over_unknown(equation: dict) -> list[int]:
        row = [0] * len(unknown)
        for key, c in equation.items():
            if key in index:
                row[index[key]] += int(c)
        return row

    equations = []
    year = len(exact_tables) - 1
    for t in range(len(exact_tables)):
        for ref in (*SERVICES, "totals"):
            for part in SUMMARY_PARTS:
                equations.append({(t, ref, "total"): 1, **{(t, ref, k): -1 for k in part}})
        for k in (*SUMMARY_COUNTS, "decided_amount"):
            equations.append({(t, "totals", k): 1, **{(t, s, k): -1 for s in SERVICES}})
        for s, amount in SERVICES.items():
            equations.append({(t, s, "decided_amount"): 1, (t, s, "approved"): -amount})
    for ref in (*SERVICES, "totals"):
        for k in (*SUMMARY_COUNTS, "decided_amount"):
            equations.append({(year, ref, k): 1, **{(p, ref, k): -1 for p in range(year)}})
    # the budget: a service's committed money over the year, when shown, is its approvals x its amount
    for s, money_shown in _budget_shown(periods, hidden).items():
        if money_shown:
            known_value = values[(year, s, "approved")]
            equations.append({(year, s, "approved"): 1, "one": -known_value})
    rows = [over_unknown(e) for e in equations]
    for key in unknown:
        if 0 < values[key] < THRESHOLD:
            target = over_unknown({key: 1})
            assert not _fixes(rows, target), f"hidden {key} = {values[key]} recovered"
