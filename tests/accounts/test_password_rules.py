"""Password rules: long enough, not like the person's names, not a common password, not only digits,
and not the municipality's name or a Georgian first guess with digits around it; refused in Georgian
on the set-password page, nothing written."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from municipal_platform.accounts.models import User
from tests.security.test_login_limits import _set_password_path

from .helpers import STRONG_PASSWORD

LOCAL_WORD = (
    "პაროლი აგებულია სიტყვაზე, რომელსაც აქ ყველა პირველად გამოიცნობდა (მუნიციპალიტეტის ან ქვეყნის სახელი, "
    "მისალმება): დაამატეთ სხვა, დაუკავშირებელი სიტყვები."
)

REFUSED = [
    ("Ambrolauri2025!", LOCAL_WORD),
    ("ambrolauri-1234", LOCAL_WORD),
    ("Sakartvelo#2026", LOCAL_WORD),
    ("საქართველო2026", LOCAL_WORD),
    ("Gamarjoba123", LOCAL_WORD),
    ("Tkemali-26", None),  # 10 characters: long enough
    ("Tkemali-2", "პაროლი ძალიან მოკლეა: საჭიროა მინიმუმ 10 სიმბოლო."),
    ("20262026202620", "პაროლი მხოლოდ ციფრებისგან შედგება."),
    ("qwertyuiop", "ეს პაროლი ხშირად გამოიყენება."),
    ("officer@ambrolauri.example.ge", "პაროლი ძალიან გავს ელ. ფოსტის მისამართი."),
]


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_each_rule_refuses_in_georgian(in_ambrolauri, password, message):
    officer = User.objects.get(username="officer")
    with translation.override("ka"):
        if message is None:
            validate_password(password, officer)
            return
        with pytest.raises(ValidationError) as refused:
            validate_password(password, officer)
    assert message in refused.value.messages


def test_another_municipalitys_name_is_only_a_word_there(in_tskaltubo):
    validate_password("Ambrolauri2025!", User.objects.get(username="officer"))
    with pytest.raises(ValidationError):
        validate_password("Tskaltubo2025!", User.objects.get(username="officer"))


def test_the_set_password_page_says_the_rules_and_refuses_a_local_word(ambrolauri, settings):
    client = Client(HTTP_HOST="ambrolauri.localhost")
    form_url = client.get(_set_password_path(ambrolauri, "officer"))["Location"]
    page = client.get(form_url).content.decode()
    assert "მინიმუმ 10 სიმბოლო" in page
    response = client.post(form_url, {"new_password1": "Ambrolauri2025!", "new_password2": "Ambrolauri2025!"})
    assert response.status_code == 200
    assert LOCAL_WORD in response.content.decode()
    with schema_context(ambrolauri.schema_name):
        assert not User.objects.get(username="officer").check_password("Ambrolauri2025!")
    response = client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})
    assert response.status_code == 302
