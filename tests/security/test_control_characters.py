"""Control characters never reach a catalogue name that citizens read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from programmes import services
from programmes.models import Service

BAD = ["ბავშვის\x00 დახმარება", "Aid\x1b[2J", "Aid\u202eyrotsih", "Aid\x7f", "Aid\nnext line"]


@pytest.mark.parametrize("name", BAD)
def test_a_service_name_with_a_control_character_is_refused(head, programme, name):
    with pytest.raises(ValidationError) as caught:
        services.service_create(
            actor=head, programme=programme, code="aid", name_ka=name, kind=Service.Kind.SERVICE
        )
    assert set(caught.value.message_dict) == {"name_ka"}
    assert not Service.objects.filter(code="aid").exists()


@pytest.mark.parametrize("name", BAD)
def test_renaming_a_programme_or_service_to_a_control_character_is_refused(head, programme, meals, name):
    with pytest.raises(ValidationError) as caught:
        services.programme_update(programme=programme, actor=head, name_en=name)
    assert set(caught.value.message_dict) == {"name_en"}
    with pytest.raises(ValidationError) as caught:
        services.service_update(service=meals, actor=head, name_ka=name)
    assert set(caught.value.message_dict) == {"name_ka"}
    meals.refresh_from_db()
    assert meals.name_ka == "უფასო კვება"


def test_a_programme_with_a_control_character_in_its_name_is_refused_in_georgian(head):
    with translation.override("ka"), pytest.raises(ValidationError) as caught:
        services.programme_create(actor=head, year=2026, code="x", name_ka="პროგრამა\x07")
    assert caught.value.message_dict == {"name_ka": ["ამოიღეთ ამ ტექსტიდან მმართველი სიმბოლოები."]}


def test_line_breaks_stay_allowed_in_an_eligibility_rule(head, programme):
    service = services.service_create(
        actor=head,
        programme=programme,
        code="aid",
        name_ka="დახმარება",
        kind=Service.Kind.SERVICE,
        eligibility="პირველი პირობა;\r\nმეორე\tპირობა",
    )
    assert "\r\n" in service.eligibility
