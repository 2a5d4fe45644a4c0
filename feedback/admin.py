"""Admin: read-mostly views for platform support; the feedback cycle itself is run from the staff pages."""

from django.contrib import admin

from .models import (
    BoxBatch,
    CommentTheme,
    Decision,
    FeedbackSettings,
    Form,
    FormVersion,
    Invitation,
    Question,
    RegistryComment,
    Report,
    WorkingMeeting,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(FormVersion)
class FormVersionAdmin(admin.ModelAdmin):
    list_display = ("form", "number", "is_current")
    inlines = (QuestionInline,)


@admin.register(Form)
class FormAdmin(admin.ModelAdmin):
    list_display = ("code", "title_ka", "kind", "is_standard", "is_active")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # no token hashes, no addresses on screen
    list_display = ("id", "status", "queued_on", "sent_on", "reminded_on", "expires_on")
    exclude = ("token_hash", "reminder_token_hash", "email")
    readonly_fields = ("application", "form", "status", "queued_on", "sent_on", "reminded_on", "expires_on")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(WorkingMeeting)
class WorkingMeetingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "report")
    inlines = (DecisionInline,)


admin.site.register(BoxBatch)
admin.site.register(CommentTheme)
admin.site.register(FeedbackSettings)
admin.site.register(RegistryComment)
admin.site.register(Report)
