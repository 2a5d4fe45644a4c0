"""Settings of the platform: one module, configured by environment variables (django-environ).

Without DATABASE_URL an embedded PostgreSQL starts under .data/; without REDIS_URL Celery runs
tasks eagerly in-process; without EMAIL_URL e-mails are written to .data/mail/
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent  # the checkout: platform/municipal_platform -> .

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
DATA_DIR = Path(env("PLATFORM_DATA_DIR", default=str(BASE_DIR / ".data")))
# Signs sessions, password links and CSRF tokens. Without DEBUG there is no default: a site that started
# with a key written here would sign with a key anyone can read. A checkout has a random key of its own,
# written once to .data/secret_key by `make` (so `make run` and every `python manage.py ...` beside it
# share it: PSEUDONYM_KEY defaults to it); tests and CI set theirs; a deployment sets DJANGO_SECRET_KEY.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and (DATA_DIR / "secret_key").is_file():
    SECRET_KEY = (DATA_DIR / "secret_key").read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (a long random string, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
# Keys stored digests of addresses, imported rows and invitation links (feedback opt-outs, CSV import keys,
# invitation tokens: whoever reads the database and holds the sent e-mails cannot tell which row a link was).
# Separate from SECRET_KEY so that rotating the session key keeps them valid; keep it secret, out of the
# database and its backups, and never rotate it casually (pending invitation links would stop working).
PSEUDONYM_KEY = env("PSEUDONYM_KEY", default=SECRET_KEY)
# Encrypts special-category fields (municipal_platform/crypto.py): "ID:KEY" entries, the first current.
# Never in the database; a checkout's is made once by `make` in .data/field_key. Missing or malformed:
# the settings refuse to load.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default="")
if not FIELD_ENCRYPTION_KEY and (DATA_DIR / "field_key").is_file():
    FIELD_ENCRYPTION_KEY = (DATA_DIR / "field_key").read_text().strip()
from municipal_platform.crypto import parse_master_keys  # noqa: E402

parse_master_keys(FIELD_ENCRYPTION_KEY)
BASE_DOMAIN = env("BASE_DOMAIN", default="localhost")
# Municipalities are served at <slug>.<BASE_DOMAIN>; the association portal at BASE_DOMAIN.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[BASE_DOMAIN, f".{BASE_DOMAIN}", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- tenancy (https://django-tenants.readthedocs.io/en/latest/install.html) -------------------------
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "municipal_platform.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "municipal_platform.outbox",
    "applications_contest.portal",
    # trigger audit (the portal's users and roles too) and the encryption keys' fingerprints
    "pgtrigger",
    "pghistory",
    "municipal_platform.audit",
]
# Apps whose tables live in every municipality's schema. Decided once: contest drafts are per
# municipality, the contest itself (contests, submissions, reviews) is public.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "knox",
    "municipal_platform.accounts",
    "municipal_platform.disclosure",
    # two-factor sign-in: each user's devices live beside the user, in the user's schema
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "municipal_platform.outbox",
    "programmes",
    "feedback",
    "child_support",
    "applications_contest.drafts",
    "pgtrigger",
    "pghistory",
    "municipal_platform.audit",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

# Audit triggers (django-pgtrigger, https://django-pgtrigger.readthedocs.io/en/latest/settings/): not in
# migrations (the watched models belong to other apps), installed by `migrate` in each schema after its
# migrations, where the router lets the model's table exist; provisioning clones them from the template.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True
# Their shared helper function lives in public, named with its schema from every municipality's trigger.
PGTRIGGER_SCHEMA = "public"

TENANT_MODEL = "tenants.Municipality"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "municipal_platform.urls_public"
ROOT_URLCONF = "municipal_platform.urls_tenant"
# New municipalities are cloned from this schema, kept migrated by `manage.py migrate_platform`.
TENANT_BASE_SCHEMA = "municipality_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Only issue SET search_path when the schema really changes on a connection.
TENANT_LIMIT_SET_CALLS = True
# Seconds a host -> municipality lookup is cached in a process (see middleware.py).
TENANT_CACHE_SECONDS = env.int("TENANT_CACHE_SECONDS", default=30)
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

MIDDLEWARE = [
    "municipal_platform.middleware.CachedTenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "municipal_platform.middleware.GeorgianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "municipal_platform.middleware.IdleSessionTimeoutMiddleware",
    # after the password, nothing opens until the second step is done (where it is due)
    "municipal_platform.accounts.middleware.TwoFactorMiddleware",
    "municipal_platform.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy (django-csp 4, https://django-csp.readthedocs.io/en/latest/configuration.html):
# scripts, styles, fonts and images come from our own static files only (htmx and Pico are vendored).
# Style attributes are allowed (the report bars' widths are figures, `style="width: 40%"`); <style> and
# <script> elements written into a page are not, nor inline event handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "municipal_platform.context_processors.platform",
            ],
        },
    },
]

WSGI_APPLICATION = "municipal_platform.wsgi.application"

# --- database --------------------------------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASE_URL = env("DATABASE_URL")
else:
    from municipal_platform.embedded_pg import embedded_database_url

    DATABASE_URL = embedded_database_url(DATA_DIR / "postgres")
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
# A unix-socket URL (`?host=/path`, as the embedded server gives) names the socket directory as HOST.
if "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# 0 for the threaded dev server (one connection per request thread would pile up); gunicorn
# deployments set DB_CONN_MAX_AGE=60 (docker/compose.yaml).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The pool mode of a connection pooler between the platform and PostgreSQL: "" (none), "session" or
# "transaction". Transaction mode is refused at start-up unless the pooler keeps each client's search_path
# (DATABASE_POOLER_TRACKS_SEARCH_PATH=1 and a server that reports it): municipal_platform/pooler.py.
DATABASE_POOLER = env("DATABASE_POOLER", default="")
DATABASE_POOLER_TRACKS_SEARCH_PATH = env.bool("DATABASE_POOLER_TRACKS_SEARCH_PATH", default=False)
if DATABASE_POOLER == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    TENANT_LIMIT_SET_CALLS = False  # each cursor sets search_path again
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache: keys are prefixed with the schema so nothing crosses municipalities --------------------
REDIS_URL = env("REDIS_URL", default="")
# With Redis stopped, the cache falls back to each process's memory (municipal_platform/cache.py), so
# pages and the rate limits that count in it keep working; Redis is asked again after a short pause.
CACHES = {
    "default": {
        "BACKEND": "municipal_platform.cache.RedisCacheWithLocalFallback"
        if REDIS_URL
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": REDIS_URL or "platform",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        **({"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}} if REDIS_URL else {}),
    }
}

# --- auth ------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Every password a person sets (invitation, reset): at least PASSWORD_MIN_LENGTH characters, not like
# their names or address, not a common password, not only digits, not the municipality's name or a
# Georgian first guess with digits (accounts/password_validation.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "municipal_platform.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "municipal_platform.accounts.password_validation.LocalWordsValidator"},
]
# How long an e-mailed link to set a password works (the invitation of a new user and a password reset
# alike): 3 days. The link also stops working once used, since Django's token hashes the password.
# https://docs.djangoproject.com/en/5.2/ref/settings/#password-reset-timeout
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
# Login attempts per client address and per username (django-ratelimit, counted in the cache).
LOGIN_RATE_PER_IP = env("LOGIN_RATE_PER_IP", default="30/m")
LOGIN_RATE_PER_USERNAME = env("LOGIN_RATE_PER_USERNAME", default="10/m")
# Two-factor sign-in (django-otp, https://django-otp-official.readthedocs.io/en/stable/overview.html):
# mandatory for the roles of accounts/two_factor.py, optional for the others. Code attempts per user
# (django-ratelimit, on top of django-otp's own doubling wait after each wrong code).
OTP_RATE_PER_USER = env("OTP_RATE_PER_USER", default="5/m")
# The name an authenticator app shows beside the username.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Municipal social programmes")
# Behind a trusted reverse proxy, the header that carries the client address (e.g.
# "HTTP_X_FORWARDED_FOR"); otherwise every citizen would share the proxy's rate-limit bucket.
# https://django-ratelimit.readthedocs.io/en/stable/settings.html
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default=None)
# Session cookies are host-only (no SESSION_COOKIE_DOMAIN): a login at one municipality's host is
# never sent to another's, and the session table itself lives in each schema.
SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after this many seconds without a request (a staff computer left open at a
# front desk); municipal_platform.middleware.IdleSessionTimeoutMiddleware.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
# Secure cookies, HTTPS redirects and HSTS all follow DJANGO_SECURE (see the end of this file).
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- language: Georgian first ------------------------------------------------------------------------
LANGUAGE_CODE = "ka"
LANGUAGES = [("ka", _("Georgian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tbilisi"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# A trial municipality's data is written here (one zip per export) before it is deleted.
EXPORT_DIR = Path(env("EXPORT_DIR", default=str(DATA_DIR / "exports")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
    if not DEBUG
    else {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders when collectstatic has not run (dev and tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- e-mail (https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url) -------
# Without EMAIL_URL, e-mails are written as files under .data/mail/ rather than printed: a printed
# invitation would put its single-use link in the logs. The files hold addresses and live links: that is
# for development only (a production site, DJANGO_SECURE, refuses to start without EMAIL_URL), and each
# sending removes the files older than EMAIL_FILE_RETENTION_DAYS (municipal_platform/mail.py).
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env.bool("DJANGO_SECURE", default=False):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set EMAIL_URL (e.g. smtp+tls://user:password@mail.example.ge:587): writing e-mails as files is "
        "for development only."
    )
else:
    EMAIL_BACKEND = "municipal_platform.mail.DevelopmentFileEmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_FILE_RETENTION_DAYS = env.int("EMAIL_FILE_RETENTION_DAYS", default=7)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@socialplatform.localhost")

# --- API ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated API call answers 401 with WWW-Authenticate: Token.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "municipal_platform.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # A query parameter the view's OpenAPI operation does not document answers 400 naming it
    # (municipal_platform/api_parameters.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "municipal_platform.api_parameters.DocumentedParametersOnly",
    # A service's Django ValidationError answers 400 keyed by field (municipal_platform/errors.py).
    "EXCEPTION_HANDLER": "municipal_platform.errors.api_exception_handler",
}
# API tokens (django-rest-knox, https://jazzband.github.io/django-rest-knox/settings/): stored as digests
# in each schema, ending API_TOKEN_TTL seconds after they were issued (10 hours), at logout (the site's or
# the API's) and at the user's deactivation.
REST_KNOX = {
    "TOKEN_TTL": timedelta(seconds=env.int("API_TOKEN_TTL", default=10 * 3600)),
    "AUTH_HEADER_PREFIX": "Token",
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html ; the sidecar serves Swagger UI
# from the installed package, no CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "Municipal social programmes platform API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across apps get explicit component names.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "programmes.models.BenefitApplication.Status",
        # child_support's choice sets share field names (status, kind) with the older modules'
        "KindEnum": "programmes.models.Service.Kind",
        "CaseStatusEnum": "child_support.models.Case.Status",
        "CaseCloseReasonEnum": "child_support.models.Case.CloseReason",
        "PlanStatusEnum": "child_support.models.Plan.Status",
        "ReferralStatusEnum": "child_support.models.Referral.Status",
        "ReferralKindEnum": "child_support.models.Referral.Kind",
        "AssessmentKindEnum": "child_support.models.Assessment.Kind",
    },
}

# --- Celery (https://docs.celeryq.dev/en/stable/userguide/configuration.html) ------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis, tasks run in-process so the demo works anywhere; tests use a real worker instead.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="platform")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a task while Redis is down must not hang: sending is tried for about a second,
# then given up (municipal_platform.tasks.enqueue_on_commit logs it; the outbox's sweep sends the
# e-mails later). https://docs.celeryq.dev/en/stable/userguide/calling.html#message-sending-retry
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 30
# The outbox (municipal_platform/outbox): every e-mail is a row written with the change that calls for it,
# relayed by a task on commit and by this sweep, which sends what was left (Redis down, a worker killed).
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=60)
# A message the mail server keeps refusing is tried this many times (pauses of 1, 2, 4 ... minutes).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
# Sent rows (a kind and ids, no text) are deleted after this many days.
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=30)
# No task may hang a worker: the soft limit raises SoftTimeLimitExceeded inside the task (which its
# transaction rolls back), the hard limit kills it. Our tasks are short: one batch or one e-mail.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-time-limit
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# Every periodic job of every module, in one place. Each entry is a daily fan-out task that sends the
# module's task to each active municipality whose own settings pick that day
# (municipal_platform.tasks.for_each_active_municipality); times are Tbilisi's.
# https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html#entries
CELERY_BEAT_SCHEDULE = {
    # not daily: the outbox's sweep of the portal and every active municipality (see OUTBOX_SWEEP_SECONDS)
    "outbox-sweep": {
        "task": "outbox.sweep",
        "schedule": timedelta(seconds=OUTBOX_SWEEP_SECONDS),
    },
    "feedback-quarterly-drafts": {
        "task": "feedback.schedule_quarterly_drafts",
        "schedule": crontab(hour=6, minute=0),
    },
    "feedback-box-reminders": {
        "task": "feedback.schedule_box_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "feedback-invitation-batches": {
        "task": "feedback.schedule_invitation_batches",
        "schedule": crontab(hour=10, minute=0),
    },
    "feedback-retention": {
        "task": "feedback.schedule_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # each social worker's e-mail of overdue reviews and plan actions, before the working day
    "child-support-overdue-digests": {
        "task": "child_support.schedule_overdue_digests",
        "schedule": crontab(hour=7, minute=0),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "municipal_platform.logging_filters.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request lines carry query strings (invitation tokens): keep them out of the logs.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # one line per trigger per schema at every migrate otherwise
        "pgtrigger": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Scheme of absolute links the platform sends out (invitation e-mails, QR codes on paper forms).
SITE_SCHEME = "https" if env.bool("DJANGO_SECURE", default=False) else "http"
# Port in those links when the site is not on 80/443 (`make run` sets it to its port). Links are built
# by municipal_platform/links.py only.
PUBLIC_URL_PORT = env.int("PUBLIC_URL_PORT", default=None)
# The citizens' public feedback form (feedback/submit_limits.py), per client address, django-ratelimit's
# "N/period". Many citizens share one address: the front-desk tablet of a chancellery, a village's one
# connection. Only ACCEPTED submissions count towards FEEDBACK_SUBMIT_RATE: 120 an hour is two a minute
# for a whole hour, more than the busiest front desk hands its tablet to. FEEDBACK_SUBMIT_FLOOD_RATE
# counts every attempt, corrected mistakes included: nobody filling the form by hand sends 30 in one
# minute, a script does. A refused citizen keeps the answers on the page.
FEEDBACK_SUBMIT_RATE = env("FEEDBACK_SUBMIT_RATE", default="120/h")
FEEDBACK_SUBMIT_FLOOD_RATE = env("FEEDBACK_SUBMIT_FLOOD_RATE", default="30/m")
# In-kind aid per family per calendar year (seed 003: 2,000 GEL), when the budget line's service sets no
# cap of its own (a service with the amount rule "up to a cap" sets it for its programme).
CHILD_SUPPORT_FAMILY_AID_CAP = Decimal(env.str("CHILD_SUPPORT_FAMILY_AID_CAP", default="2000")).quantize(
    Decimal("0.01")
)

if not DEBUG and env.bool("DJANGO_SECURE", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # A year (the figure browsers' preload lists ask for); every municipality is a subdomain of ours.
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
