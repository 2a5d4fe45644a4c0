"""Service codes are stable across years: a response belongs to the service of its own year's programme."""

import datetime

from feedback import services
from feedback.selectors import current_version
from programmes.models import Programme, Service

from .conftest import valid_answers


def test_a_paper_form_from_last_summer_counts_for_last_years_service(catalogue, paper_form):
    programme_2026 = Programme.objects.create(year=2026, code="fb_test", name_ka="სატესტო პროგრამა 2026")
    newborn_2026 = Service.objects.create(
        programme=programme_2026, code="newborn_aid", name_ka="ახალშობილთა დახმარება", kind="one_time_cash"
    )
    version = current_version(paper_form)
    data = {"service": "newborn_aid", "sex": "female", "answers": valid_answers()}

    last_summer = services.response_submit(
        version=version, channel="paper", data=data, submitted_on=datetime.date(2025, 7, 1)
    )
    this_year = services.response_submit(
        version=version, channel="paper", data=data, submitted_on=datetime.date(2026, 3, 2)
    )
    assert last_summer.service == catalogue["newborn_aid"]
    assert this_year.service == newborn_2026
