"""The feedback overview and the forms: detail, printable PDF, the form builder."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, has_role, role_required

from .. import pdfs, selectors, services
from ..forms import (
    FormMetaForm,
    QuestionFormSet,
    QuestionRowForm,
)
from ..models import Form
from ..selectors import current_version
from .common import COLLECTORS, PAGE_ROLES


@role_required(*PAGE_ROLES["home"])
def home(request):
    ctx = {
        **selectors.feedback_overview(),
        "is_officer": has_role(request.user, Role.FEEDBACK_OFFICER),
        "is_head": has_role(request.user, Role.HEAD_OF_SERVICE),
    }
    return render(request, "feedback/home.html", ctx)


# --- forms ------------------------------------------------------------------------------------------


def _public_url(request, form: Form) -> str:
    return request.build_absolute_uri(reverse("citizen:form", args=[form.code]))


@role_required(*COLLECTORS)
def form_detail(request, code: str):
    form = get_object_or_404(Form, code=code)
    version = current_version(form)
    versions = selectors.form_versions(form)
    ctx = {
        "form": form,
        "version": version,
        "versions": versions,
        "public_url": _public_url(request, form),
        "is_officer": has_role(request.user, Role.FEEDBACK_OFFICER),
    }
    return render(request, "feedback/form_detail.html", ctx)


@role_required(*COLLECTORS)
def form_pdf(request, code: str):
    form = get_object_or_404(Form, code=code)
    content = pdfs.form_pdf(
        form=form, version=current_version(form), online_url=_public_url(request, form), tenant=request.tenant
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{form.code}.pdf"'
    return response


def _questions_from(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@role_required(Role.FEEDBACK_OFFICER)
def form_edit(request, code: str | None = None):
    """The form builder: the form's settings and its questions (a new version once it has responses)."""
    form_obj = get_object_or_404(Form, code=code) if code else None
    if request.method == "POST":
        meta = FormMetaForm(request.POST, instance=form_obj)
        questions = QuestionFormSet(request.POST, prefix="q")
        if meta.is_valid() and questions.is_valid():
            specs = _questions_from(questions)
            try:
                if form_obj is None:
                    d = meta.cleaned_data
                    form_obj = services.form_create(
                        actor=request.user,
                        code=d["code"],
                        title_ka=d["title_ka"],
                        title_en=d["title_en"],
                        kind=d["kind"],
                        intro_ka=d["intro_ka"],
                        intro_en=d["intro_en"],
                        questions=specs,
                    )
                else:
                    form_obj = services.form_update(
                        actor=request.user, form=form_obj, settings=meta.cleaned_data, questions=specs
                    )
            except ValidationError as exc:
                apply_service_errors(meta, exc)
            else:
                messages.success(request, _("The form was saved."))
                return redirect("feedback:form_detail", code=form_obj.code)
    else:
        meta = FormMetaForm(instance=form_obj)
        initial = (
            [QuestionRowForm.initial_from(q) for q in current_version(form_obj).questions.all()]
            if form_obj
            else []
        )
        questions = QuestionFormSet(prefix="q", initial=initial)
    return render(
        request, "feedback/form_edit.html", {"meta": meta, "questions": questions, "form_obj": form_obj}
    )
