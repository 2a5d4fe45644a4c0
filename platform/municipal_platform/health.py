"""/healthz: is the database reachable, and Redis when it is configured.

Without the database nothing works: 503. Without Redis the site still serves pages and the API (the
cache falls back to process memory, e-mails wait in the outbox): 200 with status "degraded", so an
orchestrator does not restart healthy web containers, and a monitor still sees what is wrong."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # a health check reports any failure, whatever its kind
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
    else:
        checks["redis"] = "not configured"
    if checks["database"] != "ok":
        return JsonResponse({"status": "error", **checks}, status=503)
    status = "ok" if checks["redis"] in ("ok", "not configured") else "degraded"
    return JsonResponse({"status": status, **checks}, status=200)
