"""The mapping builder's reading of a file (no database): the header row, a first guess of each column's
target, the answers of a column matched to a question's choices, and the JSON mapping of
`feedback.csv_import` built from the officer's choices."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .csv_import import DATE_ORDERS, MAX_CELL_CHARS, NOT_SURE_WORDS, SPECIAL, YES_NO_WORDS, ImportRejected
from .models import Question

IGNORE = "ignore"
QUESTION_PREFIX = "q:"
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
YES_NO_CHOICES = [{"code": "yes", "ka": "კი", "en": "Yes"}, {"code": "no", "ka": "არა", "en": "No"}]
# first guesses by header wording (lower-cased, substring); the officer can change each
_SPECIAL_WORDS = {
    "timestamp": ("timestamp", "დროის ნიშნული", "თარიღი", "date"),
    "service": ("სერვის", "service", "პროგრამ"),
    "sex": ("სქეს", "sex", "gender"),
    "age_band": ("ასაკ", "age"),
    "channel": ("channel", "არხი"),
}
_IGNORE_WORDS = ("email", "e-mail", "ელ. ფოსტ", "ელფოსტ", "score", "ქულა")


@dataclass(frozen=True)
class QuestionInfo:
    code: str
    kind: str
    text_ka: str
    text_en: str
    choices: list[dict]


def read_headers(text: str) -> list[str]:
    """The file's header row; ImportRejected when there is none or it repeats a header."""
    try:
        headers = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as exc:
        raise ImportRejected([str(exc)]) from None
    if not [h for h in headers if h.strip()]:
        raise ImportRejected([_("The file is empty or has no header row.")])
    twice = sorted({h for h in headers if headers.count(h) > 1})
    if twice:
        raise ImportRejected(
            [_('The header row names column "%(h)s" more than once.') % {"h": h} for h in twice]
        )
    return headers


def _says(header: str, word: str) -> bool:
    """An English word as a whole word ("age" is not in "message"), a Georgian stem anywhere."""
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}\b", header) is not None
    return word in header


def guess_targets(headers: list[str], questions: list[QuestionInfo]) -> dict[str, str]:
    """A first target for each header: the question whose text it is, a special field by its wording,
    "ignore" for e-mail and score columns, "" when nothing fits."""
    by_text = {}
    for q in questions:
        for text in (q.text_ka, q.text_en, q.code):
            if text:
                by_text[text.strip().lower()] = QUESTION_PREFIX + q.code
    targets: dict[str, str] = {}
    for header in headers:
        low = header.strip().lower()
        if low in by_text and by_text[low] not in targets.values():
            targets[header] = by_text[low]
            continue
        targets[header] = ""
        if any(_says(low, word) for word in _IGNORE_WORDS):
            targets[header] = IGNORE
            continue
        for key, words in _SPECIAL_WORDS.items():
            if key not in targets.values() and any(_says(low, word) for word in words):
                targets[header] = key
                break
    return targets


def targets_from_mapping(headers: list[str], mapping: dict) -> dict[str, str]:
    """Each header's target in a saved mapping ("" for a header the mapping does not know)."""
    targets = {h: "" for h in headers}
    for header, code in (mapping.get("columns") or {}).items():
        if header in targets:
            targets[header] = QUESTION_PREFIX + str(code)
    for key in SPECIAL:
        if mapping.get(key) in targets:
            targets[mapping[key]] = key
    for header in mapping.get("ignore") or []:
        if header in targets:
            targets[header] = IGNORE
    return targets


def column_answers(text: str, header: str, kind: str) -> list[str]:
    """The distinct answers of a column, in the order they first appear (a multiple-choice cell's items
    one by one, as Google Forms joins them with ", ")."""
    seen: dict[str, None] = {}
    for row in csv.DictReader(io.StringIO(text)):
        cell = (row.get(header) or "").strip()[:MAX_CELL_CHARS]
        items = [v.strip() for v in cell.split(",")] if kind == Question.Kind.MULTIPLE else [cell]
        for item in items:
            if item and item.lower() not in NOT_SURE_WORDS:
                seen.setdefault(item, None)
    return list(seen)


def answer_choices(kind: str, choices: list[dict]) -> list[dict] | None:
    """The choices a column's texts are matched to: the question's own, yes/no, or None (scale, text)."""
    if kind in CHOICE_KINDS:
        return choices
    if kind == Question.Kind.YES_NO:
        return YES_NO_CHOICES
    return None


def match_choice(answer: str, choices: list[dict]) -> str | None:
    """The code of the choice whose code, Georgian or English label is ``answer`` (case and spaces aside)."""
    low = " ".join(answer.lower().split())
    if choices is YES_NO_CHOICES and low in YES_NO_WORDS:
        return YES_NO_WORDS[low]
    for choice in choices:
        for label in (choice.get("code"), choice.get("ka"), choice.get("en")):
            if label and " ".join(str(label).lower().split()) == low:
                return str(choice["code"])
    return None


def build_mapping(targets: dict[str, str], values: dict[str, dict[str, str]], date_order: str | None) -> dict:
    """The JSON mapping for `feedback.csv_import` from each header's target and the answer translations."""
    mapping: dict = {"columns": {}, "ignore": []}
    for header, target in targets.items():
        if target == IGNORE:
            mapping["ignore"].append(header)
        elif target.startswith(QUESTION_PREFIX):
            mapping["columns"][header] = target[len(QUESTION_PREFIX) :]
        elif target in SPECIAL:
            mapping[target] = header
    translated = set(mapping["columns"]) | ({mapping["service"]} if "service" in mapping else set())
    kept = {h: table for h, table in values.items() if table and h in translated}
    if kept:
        mapping["values"] = kept
    if date_order in DATE_ORDERS:
        mapping["date_order"] = date_order
    return mapping
