"""Read-mostly admin for platform staff; every change to applications goes through services.py, so
applications, payments and their history are read-only here."""

from django.contrib import admin

from .models import (
    ApplicationEvent,
    BenefitApplication,
    BudgetLine,
    Consent,
    Household,
    Payment,
    Person,
    Programme,
    Service,
)


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ["position", "code", "name_ka", "kind", "amount_rule", "amount"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["year", "code", "name_ka"]
    inlines = [ServiceInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["year", "service", "planned", "funding_source"]
    list_filter = ["year"]
    list_select_related = ["service"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "changes"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BenefitApplication)
class BenefitApplicationAdmin(ReadOnlyAdmin):
    list_display = ["number", "received_on", "service", "channel", "status", "decided_amount"]
    list_filter = ["status", "channel", "service"]
    list_select_related = ["service"]
    search_fields = ["number"]
    inlines = [EventInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["application", "paid_on", "amount"]
    list_select_related = ["application"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "personal_number", "sex"]
    search_fields = ["personal_number", "last_name"]


admin.site.register(Household)
admin.site.register(Consent)
