"""Settings for the Hoofdzaak Werk portal.

Every value comes from the environment with a safe production default; `.env.example` documents
each variable. `make demo` and `make test` set the few that differ for them.
"""

import datetime
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

# The audit log's HMAC key (hoofdzaak/audit.py, docs/security.md "Auditlog"). It must never be in the
# database: whoever can write the database but lacks this key cannot rewrite the chain unnoticed.
PORTAAL_AUDIT_SLEUTEL = env("PORTAAL_AUDIT_SLEUTEL")
if not PORTAAL_AUDIT_SLEUTEL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PORTAAL_AUDIT_SLEUTEL ontbreekt: zet deze variabele (de sleutel van de hashketen van het auditlog)."
        )
    PORTAAL_AUDIT_SLEUTEL = "demo-auditlog-sleutel-alleen-lokaal"  # noqa: S105 - only reachable with DEBUG on

# The key of the participants' match key (trajecten/koppeling.py, docs/security.md "Koppelsleutel"): an HMAC of
# name and birth date that finds one person across the organisations of a region. Never in the database: without
# it the stored keys cannot be recomputed from a guessed name. Changing it needs `manage.py herbereken_koppelsleutels`.
PORTAAL_KOPPEL_SLEUTEL = env("PORTAAL_KOPPEL_SLEUTEL")
if not PORTAAL_KOPPEL_SLEUTEL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PORTAAL_KOPPEL_SLEUTEL ontbreekt: zet deze variabele (de sleutel van de koppelsleutel van deelnemers)."
        )
    PORTAAL_KOPPEL_SLEUTEL = "demo-koppelsleutel-alleen-lokaal"  # noqa: S105 - only reachable with DEBUG on

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
    "axes",
    # Two-factor login (hoofdzaak/tweefactor.py): authenticator apps (TOTP) and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hoofdzaak.security.BeveiligingsheadersMiddleware",
    "hoofdzaak.audit.RequestIdMiddleware",
    # 400 for a NUL byte in path, query string or form (hoofdzaak/invoer.py): no view has to guard against it.
    "hoofdzaak.invoer.InvoerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets request.user.is_verified(): has this session passed the second login step? django-otp's
    # OTPMiddleware, reading user and verified device in one query (hoofdzaak/tweefactor.py).
    "hoofdzaak.tweefactor.GebruikerMetApparaatMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hoofdzaak.security.SessieduurMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Sends users who must pass the second step there before any region page (hoofdzaak/tweefactor.py).
    "hoofdzaak.tweefactor.TweedeStapMiddleware",
    "hoofdzaak.tenancy.TenancyMiddleware",
    "hoofdzaak.audit.DenialAuditMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "hoofdzaak.context_processors.portaal",
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
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # make demo: web server, worker and beat share one SQLite file. WAL lets readers go on while one writes;
    # IMMEDIATE transactions and a busy timeout make a second writer wait instead of failing "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiler costs more than it saves on the portal's short aggregate queries
    # (measured: dashboard 724 -> 336 ms; docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# hoofdzaak/vaste_query.py QuerySjabloon: also compile the ORM's queryset on every call and fail when it differs from
# the SQL compiled once (`make test` turns this on; in production it would undo what the template saves).
PORTAAL_QUERYSJABLONEN_CONTROLEREN = env_bool("PORTAAL_QUERYSJABLONEN_CONTROLEREN")
# ... and run as statements prepared once per database connection (PostgreSQL). Off behind a connection pooler that
# hands one client's statements to several server connections (PgBouncer in transaction mode).
PORTAAL_VOORBEREIDE_QUERIES = env_bool("PORTAAL_VOORBEREIDE_QUERIES", True)

CACHE_URL = env("CACHE_URL")
if CACHE_URL:
    # KEY_PREFIX: several portals (or test runs) can share one Redis without meeting.
    CACHES = {
        "default": {
            "BACKEND": "hoofdzaak.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX"),
        },
        # The sessions' copies (hoofdzaak/sessies.py): the same Redis, shared by every process.
        "sessies": {
            "BACKEND": "hoofdzaak.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX"),
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "hoofdzaak.Gebruiker"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username + IP before any password is checked (docs/security.md).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user would be a real row in our e-mail-keyed user table; we never grant
# anything to anonymous visitors, so it is switched off.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "hoofdzaak.wachtwoord.UserAttributeSimilarityValidator"},
    {"NAME": "hoofdzaak.wachtwoord.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "hoofdzaak.wachtwoord.CommonPasswordValidator"},
    {"NAME": "hoofdzaak.wachtwoord.NumericPasswordValidator"},
    {"NAME": "hoofdzaak.wachtwoord.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
PASSWORD_RESET_TIMEOUT = int(env("PASSWORD_RESET_TIMEOUT_HOURS", "2")) * 3600
INVITE_VALID_DAYS = int(env("INVITE_VALID_DAYS", "7"))
# A placement counts as lasting ("duurzaam") once it has run this many months (DESIGN.md §5).
DUURZAAM_MAANDEN = int(env("DUURZAAM_MAANDEN", "6"))
# Computed figures stay in the cache this long at most (rapportage/cijfercache.py); 0 turns caching off.
# They are invalidated exactly on every change of the region's data; the limit is about privacy.
PORTAAL_CIJFERCACHE_SECONDEN = int(env("PORTAAL_CIJFERCACHE_SECONDEN", "3600"))

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
        else "hoofdzaak.statisch.StatischeBestanden"
    },
}
# Generated reports and exports live outside the web root and are only served through views
# that check role and scope.
PRIVATE_STORAGE_DIR = Path(env("PORTAAL_PRIVATE_STORAGE", str(VAR_DIR / "private")))
# Anchors of the audit log (`manage.py veranker_auditlog`): append-only files, apart from the reports.
PORTAAL_AUDIT_ANCHOR_DIR = Path(env("PORTAAL_AUDIT_ANCHOR_DIR", str(VAR_DIR / "auditankers")))
# The database role web, worker and beat connect as (hoofdzaak/rechten.py). Set it where `migrate`
# runs as the owner; after every migrate the owner grants this role its rights. Empty: no grants (SQLite).
PORTAAL_DB_APP_ROLE = env("PORTAAL_DB_APP_ROLE")

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
# seconds. Report builds are idempotent and guarded by a lock (rapportage/archief/bouwslot.py), so a second
# delivery of a task that is still running does no harm.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600"))}
# Every broker key under this prefix (kombu's Redis transport), so test runs sharing one Redis stay apart.
if env("CELERY_KEY_PREFIX"):
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = env("CELERY_KEY_PREFIX")
# kombu's filesystem transport (`make demo`: CELERY_BROKER_URL=filesystem://): each message is a file in one
# folder shared by the web server, the worker and beat; no broker server needed.
if CELERY_BROKER_URL.startswith("filesystem://"):
    _BROKER_MAP = env("CELERY_BROKER_FOLDER", str(VAR_DIR / "broker"))
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        {"data_folder_in": _BROKER_MAP, "data_folder_out": _BROKER_MAP, "store_processed": False}
    )
CELERY_TIMEZONE = TIME_ZONE
# The queue tasks go to and workers listen on (tests give each worker its own, so parallel runs on one
# Redis never take each other's tasks).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Periodic tasks for `celery beat` (DESIGN.md §6). Each schedule only fans out: one task per report,
# so one failing build never stops the others.
CELERY_BEAT_SCHEDULE = {
    "maandrapportages": {
        # Every gemeente's report on the previous month, on the 1st at 02:00.
        "task": "rapportage.tasks.plan_maandrapporten",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
    "partnerrapportages": {
        # Every partner's (UWV, GGZ, re-integration, peer support) report on its own scope, on the 1st at 02:30.
        "task": "rapportage.tasks.plan_organisatierapporten",
        "schedule": crontab(minute=30, hour=2, day_of_month=1),
    },
    "kwartaalrapportages": {
        # Every region's report on the previous quarter, on 1 January, April, July and October at 03:00.
        "task": "rapportage.tasks.plan_kwartaalrapporten",
        "schedule": crontab(minute=0, hour=3, day_of_month=1, month_of_year="1,4,7,10"),
    },
    "vastgelopen-rapporten": {
        # Hand over builds the broker could not take when they were requested (the outbox), and re-queue
        # builds whose worker died or whose task got lost (also runs when a worker starts).
        "task": "rapportage.tasks.herstel_rapporten",
        "schedule": crontab(minute="*"),
    },
    "dashboard-vooruit": {
        # The dashboard's first view of each region whose data changed, computed ahead (rapportage/voorberekening.py):
        # a write through Django queues it at once; this catches the writes that bypassed Django.
        "task": "rapportage.tasks.bereken_vooruit",
        "schedule": crontab(minute="*"),
    },
    "inzage-exports": {
        # AVG exports: hand over requests the broker could not take, re-queue builds whose worker died
        # (trajecten.models.InzageExport is their outbox, like Rapport for reports).
        "task": "trajecten.tasks.herstel_inzage_exports",
        "schedule": crontab(minute="*"),
    },
    "inzage-exports-opruimen": {
        # Remove AVG export PDFs (file and row) PORTAAL_INZAGE_BEWAARUREN after they were made.
        "task": "trajecten.tasks.ruim_inzage_exports_op",
        "schedule": crontab(minute="*/15"),
    },
    "veranker-auditlog": {
        # An anchor of the audit log outside the database (hoofdzaak/audit.py): rows deleted at the
        # end are found by `controleer_auditlog` up to the newest anchor, so at most 5 minutes old.
        "task": "hoofdzaak.tasks.veranker_auditlog",
        "schedule": 300.0,
    },
    "bewaartermijn": {
        # Anonymise participants past PORTAAL_BEWAARTERMIJN_DAGEN and purge audit rows older than
        # five years (trajecten/retentie.py), daily at 04:00.
        "task": "trajecten.tasks.pas_bewaartermijn_toe",
        "schedule": crontab(minute=0, hour=4),
    },
    "meldingen-dagoverzicht": {
        # One e-mail per user with the notifications it wants daily (hoofdzaak/meldingen.py), at 07:00.
        "task": "hoofdzaak.tasks.mail_dagoverzichten",
        "schedule": crontab(minute=0, hour=7),
    },
}

# Base URL of the portal for links in e-mails sent by Celery tasks, where there is no request.
# Default: https:// and the first DJANGO_ALLOWED_HOSTS entry (http://127.0.0.1:8000 in debug mode).
_EERSTE_HOST = next((h.lstrip(".") for h in ALLOWED_HOSTS if h.lstrip(".") not in ("", "*")), "localhost")
# `PORT=8001 make demo` serves on another port; its links and e-mails follow (PORT is the demo's, see Makefile).
PORTAAL_URL = env("PORTAAL_URL", f"http://127.0.0.1:{env('PORT', '8000')}" if DEBUG else f"https://{_EERSTE_HOST}")
PORTAAL_URL = PORTAAL_URL.rstrip("/")

# --- Security (docs/security.md: every rule, its setting and its test) -----------------------------

# Sessions: in the database (server-side, revocable), read from a copy in Redis when there is one
# (hoofdzaak/sessies.py); 30 minutes idle (the expiry moves on with the
# requests, written at most once a minute: hoofdzaak/sessies.py), 12 hours at most after login
# (hoofdzaak.security.SessieduurMiddleware), and the cookie dies with the browser.
SESSION_ENGINE = "hoofdzaak.sessies"
SESSION_COOKIE_AGE = int(env("PORTAAL_SESSIE_INACTIEF_MINUTEN", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PORTAAL_SESSIE_MAX_UREN = int(env("PORTAAL_SESSIE_MAX_UREN", "12"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "hoofdzaak.security.csrf_mislukt"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline scripts or styles anywhere (tests/test_security.py scans the templates); htmx is served
# from our own static files and configured through <meta name="htmx-config"> in base.html.
PORTAAL_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
PORTAAL_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
# How many reverse proxies in front of the portal append to X-Forwarded-For (hoofdzaak.audit.client_ip).
# 0: the header is ignored and REMOTE_ADDR is the client. Only raise it when the portal cannot be
# reached except through exactly that many proxies.
PORTAAL_TRUSTED_PROXIES = int(env("PORTAAL_TRUSTED_PROXIES", "0"))
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # __Host- cookies are only accepted over HTTPS, for the exact host and path /; switch off only
    # for plain-http runs such as `make scan`.
    if env_bool("PORTAAL_HOST_PREFIX_COOKIES", True):
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"

# Brute force (django-axes): 5 failed logins for one e-mail address from one IP lock that pair out
# for 15 minutes; the 5th failure already answers with the lockout page. Same page for unknown
# addresses, so it reveals nothing about which accounts exist.
AXES_FAILURE_LIMIT = int(env("PORTAAL_INLOG_MAX_POGINGEN", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("PORTAAL_INLOG_BLOKKADE_MINUTEN", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "hoofdzaak.security.axes_gebruikersnaam"
AXES_CLIENT_IP_CALLABLE = "hoofdzaak.audit.client_ip"
AXES_LOCKOUT_CALLABLE = "hoofdzaak.security.geblokkeerd"
AXES_RESET_ON_SUCCESS = True
# Our audit log records every login; axes keeps only the failure counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]
# The re-authentication forms of /account/beveiliging/ (hoofdzaak/views/tweefactor.py) check the password
# through authenticate() too, so axes counts (and stores, masked) their fields as well.
AXES_SENSITIVE_PARAMETERS += ["old_password", "new_password1", "new_password2", "wachtwoord", "code"]

# Two-factor login (django-otp; hoofdzaak/tweefactor.py): compulsory for projectleider, trajectbegeleider,
# klantmanager, peer supporter and platform staff, voluntary for the other roles. A failed code makes the
# next try wait 1, 2, 4, 8 … seconds (per device); a TOTP code is accepted once (django-otp's last_t).
OTP_TOTP_ISSUER = "Hoofdzaak Werk"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Platform staff never see secret keys or QR codes of users' devices in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Retention (trajecten/retentie.py): participants whose last trajectory ended longer ago than this
# are anonymised by the daily task; audit rows are kept five years (hoofdzaak.audit).
PORTAAL_BEWAARTERMIJN_DAGEN = int(env("PORTAAL_BEWAARTERMIJN_DAGEN", "730"))
# The PDF of an AVG export (trajecten.models.InzageExport) holds a whole dossier: it is removed, file and row,
# this many hours after it was made (beat "inzage-exports-opruimen").
PORTAAL_INZAGE_BEWAARUREN = int(env("PORTAAL_INZAGE_BEWAARUREN", "24"))

# A warm handover to another provider (trajecten/toegang.py): for this many days after it, the old provider's
# trajectbegeleiders may still read the history of their own trajectory (not change it, not see the new one's).
PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN = int(env("PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN", "90"))
# A form's one-time submission key (hoofdzaak.models.Inzending) is kept this many days: a second POST with it within
# that time gets the first result; the daily retention run deletes older keys.
PORTAAL_INZENDING_BEWAARDAGEN = int(env("PORTAAL_INZENDING_BEWAARDAGEN", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step and fontTools every font subset at INFO: noise in the worker.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
