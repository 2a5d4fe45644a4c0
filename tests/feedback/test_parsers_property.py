"""Property tests (hypothesis) of what reads a person's typing or a file: whatever comes in, the answer is
a value or a clear refusal (ValidationError, ImportRejected), never another exception; and what a
Google Forms export writes is read back as the day it meant."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import csv_import
from programmes.forms import DecisionForm, PaymentForm
from programmes.models import personal_number_validator

TBILISI = ZoneInfo("Asia/Tbilisi")
QUESTIONS = {"documents_easy": "yes_no", "satisfaction": "scale", "comment": "text"}
SERVICES = {"newborn_aid": "newborn_aid", "ახალშობილთა დახმარება": "newborn_aid"}
MAPPING = {
    "columns": {"Documents easy?": "documents_easy", "Satisfaction": "satisfaction", "Comment": "comment"},
    "timestamp": "Timestamp",
    "service": "Service",
}
TODAY = datetime.date(2026, 1, 15)
quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(st.one_of(st.text(max_size=20), st.from_regex(r"\d{9,13}", fullmatch=True)))
def test_a_personal_number_is_accepted_exactly_when_it_is_11_digits_not_all_alike(value):
    real = re.fullmatch(r"\d{11}", value) is not None and len(set(value)) > 1
    try:
        personal_number_validator(value)
    except ValidationError as refused:
        assert not real, f"{value!r} refused: {refused.messages}"
        assert refused.messages and all(refused.messages)
    else:
        assert real, f"{value!r} accepted"


@quick
@given(
    st.one_of(
        st.text(max_size=30),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(str),
    )
)
def test_an_amount_typed_in_is_a_sum_in_tetri_or_a_message_on_the_amount(text):
    form = PaymentForm(data={"amount": text, "paid_on": "2025-07-01"})
    if form.is_valid():
        amount = form.cleaned_data["amount"]
        assert isinstance(amount, Decimal) and amount.is_finite()
        assert amount == amount.quantize(Decimal("0.01")) and abs(amount) < Decimal(10) ** 10
    else:
        assert list(form.errors) == ["amount"]
    decision = DecisionForm(data={"approved": "yes", "amount": text, "decided_on": "2025-07-01"})
    assert decision.is_valid() or list(decision.errors) == ["amount"]


@quick
@given(st.text(max_size=40))
def test_a_date_typed_in_is_a_date_or_a_message_on_the_date(text):
    form = PaymentForm(data={"amount": "10", "paid_on": text})
    assert form.is_valid() or list(form.errors) == ["paid_on"]


@quick
@given(
    st.datetimes(min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 12, 31)),
    st.integers(min_value=-12, max_value=14),
)
def test_a_google_forms_timestamp_is_read_as_the_day_it_names_in_tbilisi(moment, hours):
    moment = moment.replace(microsecond=0)
    hour12 = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    text = (
        f"{moment.year}/{moment.month:02d}/{moment.day:02d} {hour12}:{moment.minute:02d}:{moment.second:02d} "
        f"{half} GMT{'+' if hours >= 0 else '-'}{abs(hours)}"
    )
    stamp = csv_import._read_stamp(text)
    assert stamp is not None, text
    meant = moment.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=hours))).astimezone(TBILISI)
    for order in csv_import.DATE_ORDERS:  # year first: the order does not matter
        assert stamp.day(order) == meant.date(), text


@quick
@given(st.text(max_size=60))
def test_any_timestamp_cell_is_a_stamp_or_nothing(text):
    stamp = csv_import._read_stamp(text)
    if stamp is not None:
        for order in stamp.orders():
            assert isinstance(stamp.day(order), datetime.date)


@quick
@given(st.binary(max_size=300))
def test_any_file_is_text_or_refused_with_a_message(data):
    try:
        text = csv_import.decode_csv(data)
    except csv_import.ImportRejected as refused:
        assert refused.problems and all(refused.problems)
    else:
        assert "\x00" not in text


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=25)


@quick
@given(st.lists(st.lists(cell, min_size=5, max_size=5), min_size=0, max_size=6))
def test_any_csv_rows_are_read_or_refused_never_a_crash(rows):
    header = ["Timestamp", "Service", "Documents easy?", "Satisfaction", "Comment"]
    lines = [header, *rows]
    text = "\n".join(",".join(json.dumps(c) for c in line) for line in lines)
    try:
        parsed = csv_import.parse_csv(
            form_code="annex-2",
            questions=QUESTIONS,
            service_names=SERVICES,
            mapping=MAPPING,
            text=text,
            today=TODAY,
            date_order=csv_import.DAY_FIRST,
        )
    except csv_import.ImportRejected as refused:
        assert refused.problems and all(refused.problems)
        return
    for row in parsed.rows:  # a row read is dated no later than today
        assert row.day <= TODAY


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@quick
@given(
    st.one_of(
        json_values.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
        st.integers(min_value=1, max_value=5000).map(lambda n: b"[" * n + b"]" * n),
    )
)
def test_any_mapping_file_is_a_mapping_or_refused_with_a_message(data):
    try:
        mapping = csv_import.load_mapping(data)
    except csv_import.ImportRejected as refused:
        assert refused.problems and all(refused.problems)
    else:
        assert isinstance(mapping, dict) and isinstance(mapping.get("columns", {}), dict)
