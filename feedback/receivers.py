"""Reactions to other modules' signals."""

from __future__ import annotations

from .services import invitation_queue


def queue_invitation_when_service_ended(sender, application, **kwargs) -> None:
    """A service ended: queue an e-mail invitation if the applicant gave an address (sent by the scheduled batch)."""
    invitation_queue(application=application)
