"""The CSV import pages: the one-step import with a JSON mapping file, and the mapping builder."""

from __future__ import annotations

from django.shortcuts import render

from municipal_platform.roles import role_required

from .. import csv_import, services
from ..forms_import import CsvImportForm
from .common import PAGE_ROLES


@role_required(*PAGE_ROLES["import"])
def import_csv(request):
    result = None
    problems: list[str] = []
    asks_date_order = False
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            mapping = csv_import.load_mapping(form.cleaned_data["mapping"].read())
            text = csv_import.decode_csv(form.cleaned_data["file"].read())
            result = services.responses_import_csv(
                actor=request.user,
                form=form.cleaned_data["form"],
                mapping=mapping,
                text=text,
                date_order=form.cleaned_data["date_order"] or None,
            )
        except csv_import.ImportRejected as exc:
            problems = exc.problems
            asks_date_order = isinstance(exc, csv_import.DateOrderNeeded)
    status = 400 if problems or (request.method == "POST" and form.errors) else 200
    return render(
        request,
        "feedback/import.html",
        {"form": form, "result": result, "problems": problems, "asks_date_order": asks_date_order},
        status=status,
    )
