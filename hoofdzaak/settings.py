"""Settings for the Hoofdzaak Werk portal.

Every value comes from the environment with a safe production default; `.env.example` documents
each variable. `make demo` and `make test` set the few that differ for them.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY ontbreekt: zet deze variabele (of DJANGO_DEBUG=1 lokaal).")
    SECRET_KEY = "onveilig-alleen-voor-lokale-ontwikkeling"  # noqa: S105 - only reachable with DEBUG on

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hoofdzaak",
    "werkgevers",
    "trajecten",
    "rapportage",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "hoofdzaak.apps.PortaalStaticFilesConfig",
    "django_htmx",
    "template_partials",
    "guardian",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hoofdzaak.audit.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hoofdzaak.tenancy.TenancyMiddleware",
    "hoofdzaak.audit.DenialAuditMiddleware",
]

ROOT_URLCONF = "hoofdzaak.urls"
WSGI_APPLICATION = "hoofdzaak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hoofdzaak.tenancy.portaal_context",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portaal.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "hoofdzaak.Gebruiker"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user would be a real row in our e-mail-keyed user table; we never grant
# anything to anonymous visitors, so it is switched off.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "hoofdzaak.wachtwoord.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hoofdzaak.wachtwoord.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
PASSWORD_RESET_TIMEOUT = int(env("PASSWORD_RESET_TIMEOUT_HOURS", "2")) * 3600
INVITE_VALID_DAYS = int(env("INVITE_VALID_DAYS", "7"))
# A placement counts as lasting ("duurzaam") once it has run this many months (DESIGN.md §5).
DUURZAAM_MAANDEN = int(env("DUURZAAM_MAANDEN", "6"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("utrecht/components", BASE_DIR / "node_modules/@utrecht/component-library-css/dist"),
    ("utrecht/tokens", BASE_DIR / "node_modules/@utrecht/design-tokens/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
# Generated reports and exports live outside the web root and are only served through views
# that check role and scope.
PRIVATE_STORAGE_DIR = Path(env("PORTAAL_PRIVATE_STORAGE", str(VAR_DIR / "private")))

if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Hoofdzaak Werk <noreply@hoofdzaakwerk.localhost>")

CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# Without a broker (demo on embedded defaults) tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = int(env("CELERY_WORKER_MAX_TASKS_PER_CHILD", "100"))
# A pool child that grew past this (KiB resident; WeasyPrint layouts are memory-hungry) is replaced
# after its current task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(env("CELERY_WORKER_MAX_MEMORY_PER_CHILD", "250000"))
# Redis hands an unacknowledged task (acks_late: its worker died) to another worker after this many
# seconds. Report builds are idempotent and guarded by a lock (rapportage/actions.py), so a second
# delivery of a task that is still running does no harm.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks for `celery beat` (DESIGN.md §6). Each schedule only fans out: one task per report,
# so one failing build never stops the others.
CELERY_BEAT_SCHEDULE = {
    "maandrapportages": {
        # Every gemeente's report on the previous month, on the 1st at 02:00.
        "task": "rapportage.tasks.plan_maandrapporten",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
    "kwartaalrapportages": {
        # Every region's report on the previous quarter, on 1 January, April, July and October at 03:00.
        "task": "rapportage.tasks.plan_kwartaalrapporten",
        "schedule": crontab(minute=0, hour=3, day_of_month=1, month_of_year="1,4,7,10"),
    },
    "vastgelopen-rapporten": {
        # Re-queue builds whose worker died or whose task got lost (also runs when a worker starts).
        "task": "rapportage.tasks.herstel_rapporten",
        "schedule": crontab(minute="*/15"),
    },
}

# Base URL of the portal for links in e-mails sent by Celery tasks, where there is no request.
# Default: https:// and the first DJANGO_ALLOWED_HOSTS entry (http://127.0.0.1:8000 in debug mode).
_EERSTE_HOST = next((h.lstrip(".") for h in ALLOWED_HOSTS if h.lstrip(".") not in ("", "*")), "localhost")
PORTAAL_URL = env("PORTAAL_URL", "http://127.0.0.1:8000" if DEBUG else f"https://{_EERSTE_HOST}").rstrip("/")
# Test hook: seconds a report build sleeps between its steps, so a test can kill the worker in the
# middle of one. Honoured only while connected to a pytest-django test database (name "test_..."),
# never against a real one (rapportage/actions.py `_testvertraging`).
RAPPORTAGE_TEST_VERTRAGING = float(env("RAPPORTAGE_TEST_VERTRAGING", "0") or 0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}
