"""Staff accounts. Users exist per schema: a municipality's staff only in its schema, the
association's reviewers and administrators only in the public schema."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipal_platform.history import HistoryEvent


class User(AbstractUser):
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class UserEvent(HistoryEvent):
    """The history of an account: invited, details or roles changed, password set, (re)activated,
    two-factor sign-in set up or removed, recovery codes made or used.

    Rows are never deleted and users are never deleted (only deactivated), so the history keeps naming
    whoever acted.
    """

    class Action(models.TextChoices):
        INVITED = "invited", _("Invited")
        UPDATED = "updated", _("Details changed")
        ROLES_CHANGED = "roles_changed", _("Roles changed")
        PASSWORD_SET = "password_set", _("Password set")
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")
        TWO_FACTOR_ON = "two_factor_on", _("Two-factor sign-in set up")
        TWO_FACTOR_RESET = "two_factor_reset", _("Two-factor sign-in removed")
        RECOVERY_CODES_NEW = "recovery_codes_new", _("New recovery codes")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="events", verbose_name=_("user"))
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
