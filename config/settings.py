"""The one settings module of iproceeds; every deployment difference comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean from the environment ("1", "true", "yes" are true)."""
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

# Demo mode lets newcomers in without an authenticator app (the second-factor page shows the
# demo account's current code). It must never be reachable with production settings.
DEMO_MODE = env_bool("IPROCEEDS_DEMO_MODE")
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("IPROCEEDS_DEMO_MODE may only be switched on together with DJANGO_DEBUG.")

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["localhost", "127.0.0.1", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "iproceeds.core",
    "iproceeds.audit",
    "iproceeds.directory",
    "iproceeds.accounts",
    "iproceeds.notifications",
    "iproceeds.api",
    "iproceeds.cooperation",
    "iproceeds.investigations",
    "iproceeds.integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "iproceeds.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Accounts policies, after OTPMiddleware (is_verified) and messages: idle expiry first, then the
    # second factor before any data, then the user's time zone and language preference.
    "iproceeds.accounts.middleware.SessionIdleTimeoutMiddleware",
    "iproceeds.accounts.middleware.RequireSecondFactorMiddleware",
    "iproceeds.accounts.middleware.UserTimezoneMiddleware",
    "iproceeds.accounts.middleware.LanguagePreferenceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "iproceeds" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iproceeds.core.context_processors.platform",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
# A worker keeps its connection ten minutes (checked before reuse): a new PostgreSQL backend reads
# its catalogue caches again, which made every worker's pages slow for a while once a minute.
DATABASE_CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "600"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
    if DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("IPROCEEDS_SQLITE_PATH", str(BASE_DIR / "var" / "iproceeds.sqlite3")),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

# Sign-in hardening: lockout after repeated failures, expiry after inactivity.
LOGIN_FAILURE_LIMIT = int(os.environ.get("IPROCEEDS_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("IPROCEEDS_LOGIN_LOCKOUT_MINUTES", "15"))
SESSION_IDLE_TIMEOUT_SECONDS = int(os.environ.get("IPROCEEDS_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; kept default

OTP_TOTP_ISSUER = "iproceeds"
OTP_WEBAUTHN_RP_ID = os.environ.get("IPROCEEDS_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "iproceeds"
# Passkeys are a second factor after the password, never a way in on their own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    o for o in os.environ.get("IPROCEEDS_WEBAUTHN_ORIGINS", "http://localhost:8000").split(",") if o
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("sq", _("Albanian")),
    ("sr-latn", _("Serbian (Latin)")),
    ("sr", _("Serbian (Cyrillic)")),
    ("mk", _("Macedonian")),
    ("bs", _("Bosnian")),
    ("tr", _("Turkish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "iproceeds" / "static", ("vendor", BASE_DIR / "node_modules")]
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Background work: the database worker by default, RQ on Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-tasks-rq 0.12 is built on the django_tasks backport but loads through Django's
    # django.tasks (checked by iproceeds/core/tests/test_tasks.py); its worker is
    # `manage.py rqworker default --job-class django_tasks_rq.backend.Job` (django_rq).
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Debug prints e-mail to the console; otherwise SMTP, configured from the environment.
_EMAIL_DEFAULT = "console" if DEBUG else "smtp"
EMAIL_BACKEND_NAME = os.environ.get(
    "DJANGO_EMAIL_BACKEND", f"django.core.mail.backends.{_EMAIL_DEFAULT}.EmailBackend"
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
        "username": os.environ.get("DJANGO_EMAIL_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "iproceeds <no-reply@iproceeds.invalid>")
NOTIFICATION_MAX_ATTEMPTS = 8
NOTIFICATION_CLAIM_SECONDS = 300
# Webhooks to organisations: attempts before giving up, first retry delay (doubling), HTTP timeout.
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("IPROCEEDS_WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_BACKOFF_SECONDS = 30
WEBHOOK_TIMEOUT_SECONDS = 5
WEBHOOK_CLAIM_SECONDS = 60
# Plain http:// endpoints only to localhost / 127.0.0.1, and only in debug mode (tests turn it on).
WEBHOOK_ALLOW_HTTP_LOCALHOST = DEBUG

# Directory entries (authorities, contacts, providers) must be re-confirmed this often (about six months).
DIRECTORY_CONFIRM_EVERY_DAYS = int(os.environ.get("IPROCEEDS_DIRECTORY_CONFIRM_DAYS", "182"))

# Reminders to the requester before preserved data expire (ETS 185 Art 29(7)): days before expiry.
COOPERATION_PRESERVATION_REMINDER_DAYS = [
    int(d) for d in os.environ.get("IPROCEEDS_PRESERVATION_REMINDER_DAYS", "14,7,1").split(",") if d.strip()
]

# Attachments of cooperation requests: size limit, and AES-256-GCM keys kept outside the database.
# IPROCEEDS_ATTACHMENT_KEY holds base64 32-byte keys separated by commas, the current one first (older
# ones only decrypt: rotation). Without it the key file is used (created on first use in debug mode).
COOPERATION_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("IPROCEEDS_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024))
)
COOPERATION_ATTACHMENT_KEYS = [
    k for k in os.environ.get("IPROCEEDS_ATTACHMENT_KEY", "").split(",") if k.strip()
]
COOPERATION_ATTACHMENT_KEY_FILE = os.environ.get(
    "IPROCEEDS_ATTACHMENT_KEY_FILE", str(BASE_DIR / "var" / "keys" / "attachments.key")
)
# Before sending, warn about requests to the same Party about the same identifiers within this many days.
COOPERATION_DUPLICATE_WINDOW_DAYS = int(os.environ.get("IPROCEEDS_DUPLICATE_WINDOW_DAYS", "90"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["iproceeds.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "iproceeds.api.pagination.PageNumberPagination",
    "EXCEPTION_HANDLER": "iproceeds.api.errors.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "iproceeds API",
    "DESCRIPTION": "Cooperation requests, directory and proceeds of cybercrime.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI assets come from drf-spectacular-sidecar (served by staticfiles), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "iproceeds.cooperation.choices.RequestStatus",
        "UrgencyEnum": "iproceeds.cooperation.choices.Urgency",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "iproceeds.api.schema.add_error_responses",
    ],
}

# Security baseline. HSTS and secure cookies apply whenever the site is served over TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.tasks": {"level": "WARNING"}, "django_tasks_db": {"level": "WARNING"}},
}
