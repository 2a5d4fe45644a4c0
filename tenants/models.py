"""Municipalities (tenants, one PostgreSQL schema each) and the hosts they answer on."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class Municipality(TenantMixin):
    """A municipality, or the association itself for the public schema.

    Holds the profile data the contest application form asks for (section 3).
    """

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_ka = models.CharField(_("name (Georgian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    region = models.CharField(_("region"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A trial municipality (set up to try the platform) may be deleted by the platform administrator;
    # any other is only ever suspended.
    is_trial = models.BooleanField(_("trial"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    population = models.PositiveIntegerField(_("registered population"), null=True, blank=True)
    population_women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    population_men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    children_0_18 = models.PositiveIntegerField(_("children aged 0-18"), null=True, blank=True)
    pension_age = models.PositiveIntegerField(_("people of pension age"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area, km²"), max_digits=9, decimal_places=1, null=True, blank=True)
    towns = models.PositiveIntegerField(_("towns"), null=True, blank=True)
    villages = models.PositiveIntegerField(_("villages"), null=True, blank=True)
    description = models.TextField(_("location and description"), blank=True)
    # shown to citizens on the municipality's start page
    office_address = models.TextField(_("office address (where citizens apply)"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)

    # Schemas are created by tenants.services.municipality_create inside its transaction, never by save().
    auto_create_schema = False
    auto_drop_schema = True
    clone_mode = "DATA"  # the template holds only migrations, content types and permissions

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_ka"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population_women__isnull=True)
                | models.Q(population_men__isnull=True)
                | models.Q(population__isnull=True)
                | models.Q(population=models.F("population_women") + models.F("population_men")),
                name="%(app_label)s_%(class)s_population_adds_up",
            )
        ]

    def __str__(self) -> str:
        return self.name_ka

    @property
    def name(self) -> str:
        """The name in the active language (Georgian unless English is chosen and given)."""
        return self.name_en if (get_language() or "ka").startswith("en") and self.name_en else self.name_ka

    @property
    def is_association(self) -> bool:
        return self.schema_name == "public"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
