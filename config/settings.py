"""Settings for the catalogue of good practices.

One file for every deployment: each difference between a laptop, CI and
production comes from an environment variable, read here and nowhere else.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "website.apps.CatalogueAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's own widget templates, for FORM_RENDERER below.
    "django.forms",
    # Search lookups (trigram similarity) for PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "website",
    "search",
    "outbox",
    "practices",
    "submissions",
    "projects",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that puts a part of the request into a query (sessions, views).
    "website.middleware.RefuseNulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A write that waited too long for another: 503, "send again", not a server error.
    "website.middleware.DatabaseBusyMiddleware",
    # ETags for every page, so browsers and proxies revalidate cheaply (304).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: it needs the user, and answers locked-out log-ins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Widgets render with the site's templates, so that templates/admin/widgets/ can name
# what Django's admin widgets leave unnamed.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.context_processors.page_languages",
            ],
        },
    },
]

# The embedded default is a SQLite file in the project folder; DATABASE_URL
# names PostgreSQL (postgres://user@host:port/name) in CI and production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# The shared cache of pages, content versions and rate limits: Redis when REDIS_URL
# names one (for several machines), otherwise a table in the database, which every
# worker on the machine (and every machine on the same PostgreSQL) shares with no
# extra service. A cache in one process's memory would let each worker serve stale
# pages and count its own rate limits (`manage.py check` warns: website/checks.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "website.dbcache.DatabaseCache",
            "LOCATION": "catalogue_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on the short queries of a web app.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers on one file: readers never wait for a writer (WAL), a write
    # transaction takes its lock when it begins, so two never deadlock upgrading a
    # read lock, and a writer waits up to 20 s for another instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Finnish is the default, Swedish the second national language.
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# English dates and numbers as English pages in Finland write them (config/formats/en/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# The fallback order (Finnish, Swedish, English) is website.i18n.CatalogueTranslationOptions.
# modeltranslation's admin language tabs need jQuery UI: served from static/vendor, not a CDN.
JQUERY_UI_URL = "vendor/jquery-ui-1.14.2/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Attachments of submissions hold unpublished material: kept outside the static
# and media folders and served only through a view that checks who asks.
ATTACHMENTS_ROOT = Path(os.environ.get("ATTACHMENTS_ROOT", BASE_DIR / "private" / "attachments"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Past one machine, attachments go to S3-compatible object storage (django-storages)
# when the environment names a bucket: a private bucket, objects written private, and
# never a public URL (any URL made is signed and short-lived); staff still download
# them only through the view that checks who asks. Credentials come the usual way
# (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role).


def attachments_object_storage(environ) -> dict | None:
    """The attachments' S3 storage that the environment names, or None for local disk."""
    if not environ.get("ATTACHMENTS_S3_BUCKET"):
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["ATTACHMENTS_S3_BUCKET"],
            "endpoint_url": environ.get("ATTACHMENTS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("ATTACHMENTS_S3_REGION") or None,
            "location": environ.get("ATTACHMENTS_S3_PREFIX", "attachments"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "custom_domain": None,
            "file_overwrite": False,
        },
    }


STORAGES["attachments"] = attachments_object_storage(os.environ) or STORAGES["attachments"]

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hyvat-kaytannot@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The public address of the site, for links in e-mail.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Calls for practices and the submission form.
SUBMISSIONS_PER_ADDRESS_PER_HOUR = int(os.environ.get("SUBMISSIONS_PER_ADDRESS_PER_HOUR", "5"))
# E-mail to one address a visitor typed on a public form, in any 24 hours: the
# confirmation of a submission, the copy of a message to a practice's owner and the
# confirmation of alerts together (outbox.services.typed_address_has_room), since the
# address is whatever the visitor typed. Past it the form still does its work and tells
# the visitor no e-mail was sent (a request for alerts is refused: it needs its e-mail).
CONFIRMATIONS_PER_ADDRESS_PER_DAY = int(os.environ.get("CONFIRMATIONS_PER_ADDRESS_PER_DAY", "3"))
SUBMISSION_MIN_FILL_SECONDS = int(os.environ.get("SUBMISSION_MIN_FILL_SECONDS", "5"))
# Files of a form with errors wait for the form to be sent (a day at most); how many,
# and how many megabytes, may wait per sender's address and in all (docs/security.md).
PENDING_FILES_PER_ADDRESS = int(os.environ.get("PENDING_FILES_PER_ADDRESS", "6"))
PENDING_BYTES_PER_ADDRESS = int(os.environ.get("PENDING_MB_PER_ADDRESS", "60")) * 1024 * 1024
PENDING_FILES_TOTAL = int(os.environ.get("PENDING_FILES_TOTAL", "1000"))
PENDING_BYTES_TOTAL = int(os.environ.get("PENDING_MB_TOTAL", "2000")) * 1024 * 1024
# Request bodies. Form fields may take 2.5 MB together (Django's default, named here:
# the largest form, the admin's practice with six assessments in three languages,
# needs about that percent-encoded); a multipart body no more than the submission
# form's three files of 10 MB and its fields (submissions.uploads.RequestSizeLimit).
# Larger bodies are answered with a 413 page before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "submissions.uploads.RequestSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Contact details of submitters are removed this many months after the decision.
CONTACT_RETENTION_MONTHS = int(os.environ.get("CONTACT_RETENTION_MONTHS", "12"))
# The privacy notice: where the controller's data protection officer is reached.
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "kirjaamo.tem@gov.fi")
# Messages sent to a practice's owner through the site, and their e-mails, are removed
# this many days after sending (practices' remove_old_contact_messages, daily).
CONTACT_MESSAGE_RETENTION_DAYS = int(os.environ.get("CONTACT_MESSAGE_RETENTION_DAYS", "90"))
# A request for e-mail alerts not confirmed within this many days is removed, with its
# confirmation e-mail (alerts' remove_unconfirmed_alerts, daily; the privacy notice).
ALERT_CONFIRM_DAYS = int(os.environ.get("ALERT_CONFIRM_DAYS", "7"))
# How many reverse proxies stand in front of the app, the last of them connecting to it
# (0: the connecting address is the visitor's, and X-Forwarded-For is ignored). Every
# count per visitor reads the address one way: website.client.client_address.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

# CSV downloads that may stream at the same time, for everyone (one per visitor).
EXPORTS_AT_ONCE = int(os.environ.get("EXPORTS_AT_ONCE", "2"))

# The read-only JSON API (docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["website.client.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE", "600/minute"),
        # CSV downloads of whole lists take seconds of a worker each (docs/api.md).
        "export": os.environ.get("EXPORT_RATE", "30/hour"),
        # Messages to a practice's owner and adoption reports, per visitor.
        "contact": os.environ.get("CONTACT_RATE", "5/hour"),
        "adoption": os.environ.get("ADOPTION_REPORT_RATE", "5/hour"),
        # Requests for e-mail alerts of new practices, per visitor.
        "alerts": os.environ.get("ALERT_SUBSCRIBE_RATE", "5/hour"),
        # The site search, which may loosen its matching step by step, per visitor.
        "search": os.environ.get("SEARCH_RATE", "60/minute"),
        # Log-in attempts per visitor, whatever user names they try (each hashes a password).
        "login": os.environ.get("LOGIN_RATE", "60/hour"),
    },
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Good practices in immigrant integration – open data API",
    "DESCRIPTION": (
        "Read-only access to the published good practices, the six criteria, the archive of "
        "integration projects and the calls for practices, in Finnish, Swedish and English. "
        "Content licence: CC BY 4.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "COMPONENT_SPLIT_REQUEST": True,
}

# Security ------------------------------------------------------------------------
# Browsers get HTTPS only, no framing, no sniffing, and a strict content policy:
# scripts and styles come from the site's own files, never inline.
# Tests talk plain HTTP to their live server, whose middleware is set up before any
# test could change this.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers ask over plain HTTP
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", not DEBUG
)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions end after two idle hours, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
}

# Log-in: Django's password rules (above), a lock-out after repeated failures for
# a user name from one address, and TOTP for staff, required when this says so.
# Staff log in through the admin; without a `next` they land on its index.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "website.client.client_address"
AXES_VERBOSE = False  # our own audit log records failures, without addresses
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)
# How long the link in a jury member's invitation works (it works once).
JUROR_INVITATION_DAYS = int(os.environ.get("JUROR_INVITATION_DAYS", "7"))
OTP_TOTP_ISSUER = "Hyvät käytännöt"
# Nobody, superusers included, reads another person's TOTP secret in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# History versions are read only: a revert would bypass the workflows (website/admin.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

# The accessibility statement: where feedback goes, and when the statement was made.
ACCESSIBILITY_FEEDBACK_EMAIL = os.environ.get(
    "ACCESSIBILITY_FEEDBACK_EMAIL", "saavutettavuus@example.org"
)
ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-11-24")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "filters": {"security_without_traceback": {"()": "website.log.SecurityWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["security_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
