"""Signals other modules listen to. `service_ended` is sent inside the transaction that moves an
application to "service ended"; the feedback module's listener queues the e-mail invitation there
(an outbox row committed with the change)."""

from django.dispatch import Signal

# sender=BenefitApplication, application=<BenefitApplication>
service_ended = Signal()
