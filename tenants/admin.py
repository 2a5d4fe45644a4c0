from django.contrib import admin
from django_tenants.admin import TenantAdminMixin

from .models import Domain, Municipality


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ("name_ka", "name_en", "slug", "region", "is_active", "population")
    search_fields = ("name_ka", "name_en", "slug")
    inlines = [DomainInline]
