"""Settings for the Yrkesresan portal, read from the environment only.

With no variables set the portal runs as a newcomer's laptop expects: SQLite in the project,
Celery tasks run eagerly, e-mail printed to the console. Production sets DATABASE_URL,
CELERY_BROKER_URL (or REDIS_URL), SECRET_KEY, ALLOWED_HOSTS and the e-mail variables; every
variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab  # noqa: F401  (used by the beat entries below)
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY måste sättas när DEBUG är av (produktion).")
    # Only for a laptop with DEBUG on; production refuses to start without its own key.
    SECRET_KEY = "django-insecure-local-development-only-yrkesresan"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# DEBUG shows settings and stack traces to anyone: it is for a laptop only, so a portal that answers
# to a real host name (production's ALLOWED_HOSTS) refuses to start with it on.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
if DEBUG and set(ALLOWED_HOSTS) - LOCAL_HOSTS:
    raise ImproperlyConfigured(
        "DEBUG måste vara av (DEBUG=0) när portalen svarar på "
        f"{', '.join(sorted(set(ALLOWED_HOSTS) - LOCAL_HOSTS))} (produktion)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in e-mail and .ics files. Unless set, they follow the port `make run PORT=…` serves on.
PORT = os.environ.get("PORT", "8000")
if not PORT.isdigit():
    raise ImproperlyConfigured(f"PORT must be a port number, not {PORT!r}")
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on per municipality (accounts.sso): allauth's SAML 2.0 and OpenID Connect providers,
    # configured as one SocialApp per municipality in the database, never in settings.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.saml",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "auditlog",
    "csp",
    "django_ratelimit",
    # Our apps, lowest layer first: each may import only from those above it.
    "core",
    "municipalities",
    "accounts",
    "courses",
    "enrollment",
    "introduction",
    "followup",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionIdleRefreshMiddleware",
    "core.middleware.SwedishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.StaticCSPMiddleware",
    # Below the CSP middleware so that it adds the municipalities' IdPs to form-action first.
    "accounts.middleware.SSOFormActionMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Before any view reads the body (process_view hooks run after every __call__), and after the
    # middleware that put the CSP and other headers on its 413 page.
    "core.uploads.RequestSizeLimitMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",  # last: its page still gets the CSP and other headers
]

# Uploads: a file stops being stored once it passes UPLOAD_MAX_BYTES (core.uploads), and a request
# declaring a larger body than REQUEST_MAX_BYTES is refused (413) before it is read.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "yrkesresan.urls"
WSGI_APPLICATION = "yrkesresan.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection that the server dropped is noticed before the request uses it, not by it.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# django-ratelimit warns (W001) about every backend it does not list, Django's own RedisCache included;
# that one increments with Redis' atomic INCR, which is all the counters need.
SILENCED_SYSTEM_CHECKS_NO_SHARED_CACHE = ["django_ratelimit.W001"]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One process on a laptop: a local-memory cache is enough for django-ratelimit's counters there.
    SILENCED_SYSTEM_CHECKS_NO_SHARED_CACHE = ["django_ratelimit.E003", "django_ratelimit.W001"]

# The client address behind our TLS proxy (core.clientip): how many proxies we run in front of
# gunicorn, each appending to X-Forwarded-For. 0 (the default) ignores the header.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "core.clientip.client_ip"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; sign-up only with a municipality's domain (accounts.adapter).
# Messages live in the session, not in a cookie of their own: a message such as "Bekräftelse skickad
# till <address>" would otherwise travel base64-encoded, readable, in the messages cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Yrkesresan] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# allauth's default login/sign-up/reset rate limits stay on; they use the cache above. Failed logins
# count per address, per account at that address ("key", see accounts.adapter) and per account from
# all addresses; past the last, the owner logs in with a code sent by e-mail.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "50/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

# Single sign-on (accounts.sso, README "Single sign-on"). The IdP decides the municipality; the
# adapter refuses addresses outside that municipality's domains and links a password account with the
# same address instead of creating a second person. Accounts are made just in time without a form.
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the municipality's IdP vouches for its own addresses
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking is decided by accounts.adapter, per municipality
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the IdP redirect starts only from a POST (no login CSRF)
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# Days before an IdP signing certificate expires that the project leader is warned (once).
SSO_CERTIFICATE_WARNING_DAYS = int(os.environ.get("SSO_CERTIFICATE_WARNING_DAYS", "30"))

# Multi-factor authentication: required for the project leader and for admin staff (accounts.mfa).
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Yrkesresan Norrbotten"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
# Named date formats per language (lower-case Swedish month names); see core/formats/__init__.py.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default, a folder with EMAIL_FILE_PATH, SMTP with EMAIL_HOST.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Yrkesresan Norrbotten <yrkesresan@example.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
elif os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Celery: without a broker every task runs eagerly in the web process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Report builds run on a queue of their own, so that a long build never delays an e-mail (see README).
CELERY_TASK_ROUTES = {"reports.tasks.*": {"queue": "reports"}}
# Periodic sweeps; each app's entry names a task in that app's tasks.py.
CELERY_BEAT_SCHEDULE = {
    "outbox-deliver-pending": {
        "task": "core.tasks.deliver_pending",
        "schedule": crontab(minute="*"),
    },
    "agreement-reminders": {
        "task": "municipalities.tasks.send_agreement_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "enrollment-reminders": {
        "task": "enrollment.tasks.send_reminders",
        "schedule": crontab(minute=0, hour=7),
    },
    "enrollment-closing-soon": {
        "task": "enrollment.tasks.send_signup_closing_soon",
        "schedule": crontab(minute=15, hour=7),
    },
    "enrollment-decline-after-close": {
        "task": "enrollment.tasks.decline_after_signup_closed",
        "schedule": crontab(minute=5, hour=0),
    },
    "enrollment-release-reservations": {
        "task": "enrollment.tasks.release_due_reservations",
        "schedule": crontab(minute=10, hour=0),
    },
    "enrollment-tell-interested": {
        "task": "enrollment.tasks.tell_interested",
        "schedule": crontab(minute=20),
    },
    "enrollment-promote-waiting-lists": {
        "task": "enrollment.tasks.promote_waiting_lists",
        "schedule": crontab(minute="*/15"),
    },
    "introduction-reminders": {
        "task": "introduction.tasks.send_reminders",
        "schedule": crontab(minute=45, hour=7),
    },
    "followup-send-opened-rounds": {
        "task": "followup.tasks.send_opened_rounds",
        "schedule": crontab(minute=15, hour=7),
    },
    "followup-send-due-reminders": {
        "task": "followup.tasks.send_due_reminders",
        "schedule": crontab(minute=30, hour=8),
    },
    "followup-store-due-responses": {
        "task": "followup.tasks.store_due_responses",
        "schedule": crontab(minute="*/30"),
    },
    "followup-remove-old-invitations": {
        "task": "followup.tasks.remove_old_invitations",
        "schedule": crontab(minute=45, hour=2),
    },
    "reports-resume-builds": {
        "task": "reports.tasks.resume_report_builds",
        "schedule": crontab(minute="*/10"),
    },
    "accounts-sso-certificate-expiry": {
        "task": "accounts.tasks.warn_expiring_idp_certificates",
        "schedule": crontab(minute=30, hour=6),
    },
    "reports-last-years-report": {
        "task": "reports.tasks.build_last_years_report",
        "schedule": crontab(minute=0, hour=3, day_of_month=2, month_of_year=1),
    },
}
# Days before the first course day that participants and course leaders are reminded.
ENROLLMENT_REMINDER_DAYS = int(os.environ.get("ENROLLMENT_REMINDER_DAYS", "3"))

# Follow-up surveys: results for groups smaller than this show "för få svar".
FOLLOWUP_MIN_GROUP_SIZE = int(os.environ.get("FOLLOWUP_MIN_GROUP_SIZE", "5"))
# Days after a survey round closed that its invitations (who was asked, who answered) are kept.
FOLLOWUP_INVITATION_RETENTION_DAYS = int(os.environ.get("FOLLOWUP_INVITATION_RETENTION_DAYS", "365"))
# Days an invitation can be answered (event rounds close this many days after their last invitation).
FOLLOWUP_ANSWER_DAYS = int(os.environ.get("FOLLOWUP_ANSWER_DAYS", "30"))
# Days between reminders to someone who has not answered an open invitation.
FOLLOWUP_REMINDER_DAYS = int(os.environ.get("FOLLOWUP_REMINDER_DAYS", "7"))
# Goal 1: moving between these steps (slugs, from → to) invites the person to the step-change survey.
FOLLOWUP_STEP_CHANGE_TRIGGERS = [("ny", "van"), ("van", "erfaren")]
# The step whose people get the yearly Erfaren survey (also read by migration followup 0004).
FOLLOWUP_ERFAREN_STEP_SLUG = os.environ.get("FOLLOWUP_ERFAREN_STEP_SLUG", "erfaren")

# Production hardening; `manage.py check --deploy` is clean when DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading HSTS binds the whole parent domain (the county's), so its owner opts in with
# SECURE_HSTS_PRELOAD=1; until then Django's reminder about it is silenced (see README).
SILENCED_SYSTEM_CHECKS = ([] if SECURE_HSTS_PRELOAD else ["security.W021"]) + (
    SILENCED_SYSTEM_CHECKS_NO_SHARED_CACHE
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions end after SESSION_COOKIE_AGE seconds without a request. Writing the session on every request
# cost a third of a bare request, so core.middleware.SessionIdleRefreshMiddleware renews the expiry only
# when the last renewal is SESSION_REFRESH_SECONDS old: a session idle for SESSION_COOKIE_AGE seconds
# always ends (between AGE - REFRESH and AGE after the last request). Sessions are read from the cache
# first (Redis in production) and kept in the database, so a cache flush logs nobody out.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60)))
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", str(5 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# A strict Content-Security-Policy: no inline script or style anywhere (django-csp; Django 5.2 has none).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws a few icons (the menu button) as data: SVG in its CSS.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
