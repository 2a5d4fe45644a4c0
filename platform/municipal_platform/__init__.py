"""The Django project of the municipal social programmes platform (imported as `municipal_platform`)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
