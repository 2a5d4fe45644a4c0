"""Who may open each programmes URL (read by the URL matrix test, see municipal_platform/access.py).

The register (applications, people, consents) is personal data: front desk and the head only; council
members read aggregates (summary, budget), never a name or a personal number.
"""

import datetime

from municipal_platform.access import Rule, first, fixed, who
from municipal_platform.roles import MUNICIPALITY_ROLES, Role

HEAD = who(Role.HEAD_OF_SERVICE)
FRONT_DESK = who(Role.FRONT_DESK)
REGISTER = who(Role.FRONT_DESK, Role.HEAD_OF_SERVICE)
BUDGET = who(Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER, Role.COUNCIL_MEMBER)
ALL_MUNICIPAL = who(*MUNICIPALITY_ROLES)

CONSENTS = who(Role.FRONT_DESK, Role.SOCIAL_WORKER)

application = first("programmes.BenefitApplication")
person = first("programmes.Person")
consent = first("programmes.Consent")
programme = first("programmes.Programme")
service = first("programmes.Service")


def not_in_a_case(finder):
    return lambda: {"not_in_a_case": finder()[""]}


RULES = {
    # pages (/programmes/)
    "programmes:applications": Rule(read=REGISTER, post=REGISTER),
    "programmes:applications_export": Rule(read=REGISTER, post=REGISTER, objects=fixed(fmt="csv")),
    "programmes:application_create": Rule(read=FRONT_DESK, post=FRONT_DESK),
    "programmes:decision_queue": Rule(read=HEAD, post=HEAD),
    "programmes:application_detail": Rule(read=REGISTER, post=REGISTER, objects=application),
    "programmes:application_correct": Rule(read=FRONT_DESK, post=FRONT_DESK, objects=application),
    "programmes:application_review": Rule(post=HEAD, objects=application),
    "programmes:person_edit": Rule(read=FRONT_DESK, post=FRONT_DESK, objects=person),
    "programmes:consent_withdraw": Rule(post=FRONT_DESK, objects=consent),
    # a person's own data (the law's access request) and its erasure: the head of service
    "programmes:person_data": Rule(read=HEAD, post=HEAD, objects=person),
    "programmes:person_data_download": Rule(
        read=HEAD, post=HEAD, objects=lambda: {"": {**person()[""], "fmt": "json"}}
    ),
    "programmes:person_erase": Rule(post=HEAD, objects=person),
    "programmes:application_decide": Rule(read=HEAD, post=HEAD, objects=application),
    "programmes:application_pay": Rule(read=HEAD, post=HEAD, objects=application),
    "programmes:application_deliver": Rule(read=HEAD, post=HEAD, objects=application),
    "programmes:application_end": Rule(read=REGISTER, post=REGISTER, objects=application),
    "programmes:catalogue": Rule(read=ALL_MUNICIPAL, post=ALL_MUNICIPAL),
    "programmes:programme_create": Rule(read=HEAD, post=HEAD),
    "programmes:programme_edit": Rule(read=HEAD, post=HEAD, objects=programme),
    "programmes:service_create": Rule(
        read=HEAD, post=HEAD, objects=first("programmes.Programme", param="programme_pk")
    ),
    "programmes:service_edit": Rule(read=HEAD, post=HEAD, objects=service),
    "programmes:budget_line_edit": Rule(
        read=HEAD, post=HEAD, objects=first("programmes.Service", param="service_pk")
    ),
    "programmes:budget": Rule(read=BUDGET, post=BUDGET),
    "programmes:budget_export": Rule(read=BUDGET, post=BUDGET, objects=fixed(fmt="csv")),
    "programmes:summary": Rule(read=ALL_MUNICIPAL, post=ALL_MUNICIPAL),
    # API (/api/v1/programmes/)
    "programmes_api:programmes": Rule(read=ALL_MUNICIPAL, post=HEAD),
    "programmes_api:services": Rule(read=ALL_MUNICIPAL, post=HEAD),
    "programmes_api:service": Rule(read=ALL_MUNICIPAL, patch=HEAD, objects=service),
    "programmes_api:budget": Rule(read=BUDGET, post=HEAD, query="year=2025"),
    "programmes_api:applications": Rule(read=REGISTER, post=FRONT_DESK),
    "programmes_api:application": Rule(read=REGISTER, patch=FRONT_DESK, objects=application),
    "programmes_api:application_review": Rule(post=HEAD, objects=application),
    "programmes_api:application_decide": Rule(post=HEAD, objects=application),
    "programmes_api:application_payments": Rule(post=HEAD, objects=application),
    "programmes_api:application_deliver": Rule(post=HEAD, objects=application),
    "programmes_api:application_end_service": Rule(post=REGISTER, objects=application),
    "programmes_api:person": Rule(read=REGISTER, patch=FRONT_DESK, objects=person),
    # a social worker reaches only the people of their own cases (selectors.person_for_consents); the
    # example person is in nobody's case
    "programmes_api:person_consents": Rule(
        read=CONSENTS, post=CONSENTS, objects=not_in_a_case(person), per_object={"not_in_a_case": FRONT_DESK}
    ),
    "programmes_api:consent_withdraw": Rule(
        post=CONSENTS, objects=not_in_a_case(consent), per_object={"not_in_a_case": FRONT_DESK}
    ),
    "programmes_api:person_data": Rule(read=HEAD, objects=person),
    "programmes_api:person_data_pdf": Rule(read=HEAD, objects=person),
    "programmes_api:person_erase": Rule(post=HEAD, objects=person),
    "programmes_api:summary": Rule(read=ALL_MUNICIPAL),
}


def examples(*, municipality) -> None:
    """One programme, service, person with a consent, and application (for the URL matrix test)."""
    from municipal_platform.accounts.models import User

    from . import services
    from .models import BenefitApplication, Consent, Person, Service

    head = User.objects.get(username="head")
    programme = services.programme_create(
        actor=head, year=2025, code="matrix", name_ka="მატრიცის პროგრამა", name_en="Matrix programme"
    )
    service = Service.objects.create(
        programme=programme, code="matrix_aid", name_ka="დახმარება", name_en="Aid", kind="one_time_cash"
    )
    person = Person.objects.create(
        first_name="ნინო",
        last_name="მატრიცა",
        personal_number="01001011111",
        sex="female",
        email="n@example.ge",
    )
    Consent.objects.create(
        person=person, purpose=Consent.Purpose.CONTACT_BY_EMAIL, given_on=datetime.date(2025, 6, 1)
    )
    BenefitApplication.objects.create(
        number=f"MX-{municipality.slug}",
        applicant=person,
        service=service,
        channel="email",
        received_on=datetime.date(2025, 6, 10),
        status="service_ended",
    )
