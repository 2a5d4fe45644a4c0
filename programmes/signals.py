"""Signals other modules listen to. `service_ended` is sent (on commit) when an application reaches
"service ended"; the feedback module uses it to queue an e-mail invitation."""

from django.dispatch import Signal

# sender=BenefitApplication, application=<BenefitApplication>
service_ended = Signal()
