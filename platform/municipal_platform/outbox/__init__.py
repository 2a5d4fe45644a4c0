"""The one outbox of every e-mail and notification the platform sends (see models.py)."""
