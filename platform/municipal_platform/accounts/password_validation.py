"""Password rules with messages our Georgian catalogue carries (Django 5.2's own Georgian lacks the
minimum-length message, so a weak password would be refused in English), and one rule of our own:
Django's list of common passwords is English, so the words anyone guesses first here (the
municipality's own name, Georgia's, the platform's) are refused with any digits or signs around them.

The rules (settings.AUTH_PASSWORD_VALIDATORS): at least PASSWORD_MIN_LENGTH characters (10), not
like the username, name or e-mail address, not one of Django's 20,000 common passwords, not only
digits, not a local word with digits and signs around it.
"""

from __future__ import annotations

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: it needs at least %(min_length)d character.",
            "The password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


# Lower case, in both scripts; a password is compared after dropping digits, spaces and signs.
LOCAL_WORDS = frozenset(
    {
        # Georgia and the words of a greeting or a login
        "georgia", "sakartvelo", "saqartvelo", "tbilisi", "kutaisi", "batumi", "gamarjoba", "paroli",
        "password", "parol", "kartuli", "qartuli",
        "საქართველო", "თბილისი", "ქუთაისი", "ბათუმი", "გამარჯობა", "პაროლი", "ქართული",
        # the platform and its people
        "municipality", "municipaliteti", "meria", "sakrebulo", "socialuri", "samsakhuri", "nala",
        "admin", "administrator", "demo", "head", "worker",
        "მუნიციპალიტეტი", "მერია", "საკრებულო", "სოციალური", "სამსახური",
    }
)  # fmt: skip


def _letters(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text.lower())


def _site_words() -> set[str]:
    """The current schema's own names (slug, Georgian and English name, each word of them)."""
    from municipal_platform.schemas import current_tenant

    tenant = current_tenant()
    if tenant is None:
        return set()
    words = {_letters(getattr(tenant, "slug", "") or "")}
    for name in (getattr(tenant, "name_ka", ""), getattr(tenant, "name_en", "")):
        words.add(_letters(name or ""))
        words.update(_letters(part) for part in (name or "").split())
    return {w for w in words if len(w) >= 4}


class LocalWordsValidator:
    """Refuse a password that is, once digits and signs are dropped, the municipality's name or a word
    of LOCAL_WORDS: "Ambrolauri2025!" or "Sakartvelo#1" pass the length and Django's (English) list of
    common passwords, and are the first guesses against a Georgian municipality."""

    def validate(self, password: str, user=None) -> None:
        letters = _letters(password)
        if letters and (letters in LOCAL_WORDS or letters in _site_words()):
            raise ValidationError(
                gettext(
                    "The password is built on a word anyone would guess first here (the municipality's or "
                    "the country's name, a greeting): add unrelated words."
                ),
                code="password_local_word",
            )

    def get_help_text(self) -> str:
        return gettext("Your password can't be the name of the municipality or of the country with digits.")


def minimum_length() -> int:
    """The minimum length the configured rules ask for (the set-password page says it)."""
    lengths = [
        v.min_length
        for v in password_validation.get_default_password_validators()
        if isinstance(v, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=0)
