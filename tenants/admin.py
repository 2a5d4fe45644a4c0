from django.contrib import admin
from django_tenants.admin import TenantAdminMixin

from .models import Domain, Municipality


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ("name_ka", "name_en", "slug", "region", "is_active", "is_trial", "population")
    list_filter = ("is_active", "is_trial")
    search_fields = ("name_ka", "name_en", "slug")
    inlines = [DomainInline]

    def has_add_permission(self, request) -> bool:
        # Provisioning clones the template schema: only the platform pages (tenants.services) create one.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting drops the schema: only a trial municipality, after an export, through the platform pages.
        return False
