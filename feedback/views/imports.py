"""The CSV import pages: the one-step import with a JSON mapping file, and the mapping builder."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import role_required

from .. import csv_import, csv_mapping, selectors, selectors_imports, services
from ..forms_import import CsvImportForm, MappingForm, MappingUploadForm
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
                file_name=form.cleaned_data["file"].name or "",
            )
        except csv_import.ImportRejected as exc:
            problems = exc.problems
            asks_date_order = isinstance(exc, csv_import.DateOrderNeeded)
    status = 400 if problems or (request.method == "POST" and form.errors) else 200
    return render(
        request,
        "feedback/import.html",
        {
            "form": form,
            "result": result,
            "problems": problems,
            "asks_date_order": asks_date_order,
            "kept_files": selectors_imports.import_files()[:50],
            "keep_days": selectors.settings_get().import_file_days,
        },
        status=status,
    )


# --- the mapping builder: upload -> map columns and answers -> preview, save, import -----------------------


@role_required(*PAGE_ROLES["import"])
def import_mapping(request):
    """Step 1: upload the export (kept on the server) and choose its form and, maybe, a saved mapping."""
    problems: list[str] = []
    form = MappingUploadForm(
        request.POST or None, request.FILES or None, mappings=selectors_imports.import_mappings()
    )
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            upload = services.import_upload_create(
                actor=request.user,
                form=form.cleaned_data["form"],
                file_name=upload_file.name or "",
                data=upload_file.read(),
            )
        except csv_import.ImportRejected as exc:
            problems = exc.problems
        else:
            url = reverse("feedback:import_mapping_edit", args=[upload.pk])
            if form.cleaned_data["saved"]:
                url += f"?saved={form.cleaned_data['saved'].pk}"
            return redirect(url)
    status = 400 if problems or (request.method == "POST" and form.errors) else 200
    return render(
        request,
        "feedback/import_mapping_upload.html",
        {"form": form, "problems": problems, "saved": selectors_imports.import_mappings()},
        status=status,
    )


@role_required(*PAGE_ROLES["import"])
def import_mapping_edit(request, pk: int):
    """Step 2: each column's target and the answers matched to the choices; then preview, save, import."""
    upload = selectors_imports.import_upload_get(actor=request.user, pk=pk)
    questions = selectors_imports.form_questions(upload.form)
    saved = None
    if request.GET.get("saved", "").isdigit():
        saved = (
            selectors_imports.import_mappings(form=upload.form).filter(pk=int(request.GET["saved"])).first()
        )
    if saved is not None:
        targets = csv_mapping.targets_from_mapping(upload.headers, saved.mapping)
        values, order = saved.mapping.get("values") or {}, saved.mapping.get("date_order") or ""
    else:
        infos = [csv_mapping.QuestionInfo(q.code, q.kind, q.text_ka, q.text_en, q.choices) for q in questions]
        targets, values, order = csv_mapping.guess_targets(upload.headers, infos), {}, ""
    form = MappingForm(
        request.POST or None,
        headers=upload.headers,
        questions=questions,
        text=upload.text,
        targets=targets,
        values=values,
        initial_order=order,
        services=selectors_imports.service_choices(),
    )
    if saved is not None and request.method != "POST":
        form.initial["name"] = saved.name
    context = {
        "upload": upload,
        "form": form,
        "saved": saved,
        "preview": None,
        "problems": [],
        "mapping_json": "",
    }
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            mapping = form.mapping()
            date_order = form.cleaned_data["date_order"] or None
            context["mapping_json"] = json.dumps(mapping, ensure_ascii=False, indent=2)
            action = request.POST.get("action", "preview")
            if action == "import":
                try:
                    result = services.responses_import_upload(
                        actor=request.user, upload=upload, mapping=mapping, date_order=date_order
                    )
                except csv_import.ImportRejected as exc:
                    context["problems"], status = exc.problems, 400
                else:
                    messages.success(
                        request,
                        _("%(added)d responses imported, %(skipped)d already present.")
                        % {"added": result.added, "skipped": result.skipped},
                    )
                    return redirect("feedback:import_mapping")
            if action == "save":
                try:
                    services.import_mapping_save(
                        actor=request.user, form=upload.form, name=form.cleaned_data["name"], mapping=mapping
                    )
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                    status = 400
                else:
                    messages.success(request, _("The mapping was saved."))
            if not context["problems"]:
                context["preview"], context["problems"] = services.responses_import_preview(
                    actor=request.user,
                    form=upload.form,
                    mapping=mapping,
                    text=upload.text,
                    date_order=date_order,
                )
    context["format_example"] = FORMAT_EXAMPLE
    return render(request, "feedback/import_mapping.html", context, status=status)


FORMAT_EXAMPLE = json.dumps(
    {
        "columns": {"<CSV header>": "<question code>"},
        "timestamp": "<header>",
        "service": "<header>",
        "sex": "<header>",
        "age_band": "<header>",
        "channel": "<header>",
        "ignore": ["<header>"],
        "values": {"<header>": {"<text in the file>": "<choice code>"}},
        "date_order": "day_first | month_first",
    },
    indent=2,
)
