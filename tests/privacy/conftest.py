"""Builders of the data-protection tests: the programmes tests' programme, services and people, and
decided applications."""

from __future__ import annotations

from decimal import Decimal

import pytest

from programmes import services
from tests.programmes.conftest import (  # noqa: F401  (fixtures)
    _english_messages,
    make_application,
    make_person,
    newborn,
    programme,
)


@pytest.fixture
def decided(head, newborn, make_application):  # noqa: F811
    """Three approved 500 GEL applications of July 2025."""
    result = []
    for _ in range(3):
        application = make_application(newborn)
        result.append(
            services.application_decide(
                application=application, actor=head, approved=True, amount=Decimal(500)
            )
        )
    return result
