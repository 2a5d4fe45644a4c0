"""Pages of the commission's meetings: the head plans a meeting (members, agenda), opens and closes it;
a member reads their meetings and, while one is open, the cases on its agenda."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from municipal_platform import clock
from municipal_platform.roles import Role, role_required

from .. import selectors, services, visibility
from ..forms import AgendaForm, MeetingForm
from ..models import CommissionMeeting
from ._common import HEAD, apply_errors

MEETING_READERS = (Role.COMMISSION_MEMBER, Role.HEAD_OF_SERVICE)


@require_GET
@role_required(*MEETING_READERS)
def meeting_list(request):
    return render(
        request,
        "child_support/meeting_list.html",
        {"meetings": selectors.meetings_list(request.user), "head": visibility.is_head(request.user)},
    )


@role_required(*HEAD)
def meeting_new(request):
    form = MeetingForm(
        request.POST or None, members=selectors.commission_members(), initial={"held_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user,
                held_on=data["held_on"],
                title=data["title"],
                members=list(data["members"]),
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The meeting was planned: put cases on its agenda."))
            return redirect("child_support:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "child_support/form.html",
        {"form": form, "title": _("Plan a commission meeting")},
        status=422 if request.method == "POST" else 200,
    )


@role_required(*MEETING_READERS)
def meeting_detail(request, pk: int):
    """The meeting: its members and agenda. The head sets the agenda and opens or closes the meeting
    (POST with ``do`` = agenda, open or close); a member reads it and, while it is open, opens the cases
    on its agenda (each a read of the case, in its audit trail)."""
    meeting = selectors.meeting_detail(request.user, pk)
    head = visibility.is_head(request.user)
    agenda_form = None
    if head and meeting.status == CommissionMeeting.Status.PLANNED:
        agenda_form = AgendaForm(
            request.POST if request.method == "POST" and request.POST.get("do") == "agenda" else None,
            cases=selectors.agenda_candidates(),
            initial={"cases": [c.pk for c in meeting.agenda]},
        )
    if request.method == "POST":
        if not head:
            raise Http404
        do = request.POST.get("do")
        try:
            if do == "agenda" and agenda_form is not None and agenda_form.is_valid():
                services.meeting_set_agenda(
                    actor=request.user,
                    meeting_id=meeting.pk,
                    case_ids=[c.pk for c in agenda_form.cleaned_data["cases"]],
                )
                messages.success(request, _("The agenda was saved."))
            elif do == "open":
                services.meeting_open(actor=request.user, meeting_id=meeting.pk)
                messages.success(
                    request, _("The meeting is in session: its members read the cases on the agenda.")
                )
            elif do == "close":
                services.meeting_close(actor=request.user, meeting_id=meeting.pk)
                messages.success(request, _("The meeting is closed: its members no longer read its cases."))
            else:
                messages.error(request, _("Nothing was changed."))
        except ValidationError as exc:
            if agenda_form is not None and do == "agenda":
                apply_errors(exc, agenda_form)
                return render(
                    request,
                    "child_support/meeting_detail.html",
                    {"meeting": meeting, "head": head, "agenda_form": agenda_form},
                    status=422,
                )
            for message in exc.messages:
                messages.error(request, message)
        return redirect("child_support:meeting_detail", pk=meeting.pk)
    context = {"meeting": meeting, "head": head, "agenda_form": agenda_form}
    return render(request, "child_support/meeting_detail.html", context)
