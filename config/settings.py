"""Settings for the advisory platform, read from the environment only.

Local use needs no variables at all: SQLite under ./var, console e-mail, DEBUG on.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL;
with DEBUG off the secure cookie, HSTS and HTTPS settings switch on.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "insecure-local-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "advisory.accounts",
    "advisory.core",
    "advisory.organisations",
    "advisory.programmes",
    "advisory.intake",
    "advisory.notifications",
    "advisory.documents",
    "advisory.evaluations",
    "advisory.requests",
    "advisory.development",
    "advisory.taskforce",
    "advisory.knowledge",
    "advisory.offers",
    "advisory.overview",
    "advisory.reports",
    "advisory.saml",
    "advisory.demo",
    "advisory.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "csp",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_ratelimit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "advisory.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",  # the SAML exchange's own session (advisory.saml)
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "advisory.core.middleware.PrivateCacheMiddleware",
    "advisory.core.middleware.ClientAddressAuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "advisory.accounts.middleware.StaffMfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the lock-out page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "advisory.core.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]
FORM_RENDERER = "advisory.core.forms.DkfdsFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server, the worker and the scheduler share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too (one per test process, removed at its end), not Django's shared-cache in-memory
    # database: there a second connection gets "table is locked" at once instead of waiting, so the concurrency
    # tests (two schedulers, two workers) would not see the locking the server sees.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username + IP before any password check
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "advisory.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Rådgivning hjemløshed] "
# django-axes throttles failed logins per username + IP address; allauth's own per-IP limit on failed
# logins would lock a whole municipality (one shared IP address) out, so only its per-account limit stays,
# set above axes' limit as a backstop against guessing from many addresses.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/h/key"}

# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) and recovery codes. Required for
# advisors, taskforce members and administrators (advisory.accounts.middleware), offered to everyone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Rådgivningsfunktionen hjemløshed")
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", True)

# Log-in with MitID Erhverv through NemLog-in (SAML 2.0, OIOSAML 3; advisory.saml, djangosaml2 on pysaml2 with
# Debian's xmlsec1). Off by default: the /saml2/ addresses answer 404 and the log-in page shows no button.
# On, it needs the platform's key and certificate files and the IdP's metadata file (README: MitID Erhverv).
SAML_ENABLED = env_bool("SAML_ENABLED", False)
SAML_ENTITY_ID = env_str("SAML_ENTITY_ID", f"{SITE_URL}/saml2/metadata/")
SAML_IDP_METADATA_FILE = env_str("SAML_IDP_METADATA_FILE", "")
SAML_SIGNING_KEY_FILE = env_str("SAML_SIGNING_KEY_FILE", "")
SAML_SIGNING_CERT_FILE = env_str("SAML_SIGNING_CERT_FILE", "")
# NemLog-in encrypts assertions to this certificate; the signing pair is used when these are not set.
SAML_ENCRYPTION_KEY_FILE = env_str("SAML_ENCRYPTION_KEY_FILE", "") or SAML_SIGNING_KEY_FILE
SAML_ENCRYPTION_CERT_FILE = env_str("SAML_ENCRYPTION_CERT_FILE", "") or SAML_SIGNING_CERT_FILE
SAML_XMLSEC_BINARY = env_str("SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")
SAML_CLOCK_SKEW_SECONDS = env_int("SAML_CLOCK_SKEW_SECONDS", 60, minimum=0)
# The lowest NSIS assurance level accepted: Substantial or High (Low is never enough).
SAML_MINIMUM_LOA = env_str("SAML_MINIMUM_LOA", "Substantial")
if SAML_MINIMUM_LOA not in ("Substantial", "High"):
    raise ImproperlyConfigured(f"SAML_MINIMUM_LOA={SAML_MINIMUM_LOA!r} must be Substantial or High.")
# CVR numbers of the agencies whose staff (advisors, taskforce members, administrators) log in this way.
SAML_STAFF_CVRS = env_list("SAML_STAFF_CVRS", [])
SAML_CONTACT_EMAIL = env_str("SAML_CONTACT_EMAIL", "")
SAML_ORGANISATION_NAME = env_str("SAML_ORGANISATION_NAME", "Social- og Boligstyrelsen")
if SAML_ENABLED:
    for _name in ("SAML_IDP_METADATA_FILE", "SAML_SIGNING_KEY_FILE", "SAML_SIGNING_CERT_FILE"):
        if not globals()[_name]:
            raise ImproperlyConfigured(f"{_name} must be set when SAML_ENABLED is on.")
# djangosaml2: the configuration is built per request from the settings above (advisory.saml.config); the
# views are advisory.saml's, which never create an account.
SAML_CONFIG_LOADER = "advisory.saml.config.sp_config"
SAML_CREATE_UNKNOWN_USER = False
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"  # OIOSAML 3: AuthnRequest by redirect
SAML_IGNORE_LOGOUT_ERRORS = True  # a failed single logout still ends the session here
SAML_CSP_HANDLER = ""  # redirects only: no form is posted to the IdP from our pages, form-action stays 'self'
SAML_SESSION_COOKIE_NAME = "saml_session" if DEBUG else "__Host-saml_session"
# NemLog-in posts the answer from its own site: the SAML session's cookie must travel with that POST (SameSite=None
# needs Secure, so only with DEBUG off; the local test IdP is on the same site).
SAML_SESSION_COOKIE_SAMESITE = "Lax" if DEBUG else "None"

# django-axes: lock the pair username + IP address (municipal staff share addresses) after
# AXES_FAILURE_LIMIT failures for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)  # lock-outs are logged as warnings either way
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "advisory.accounts.security.login_username"
AXES_CLIENT_IP_CALLABLE = "advisory.core.addresses.client_ip"
AXES_LOCKOUT_CALLABLE = "advisory.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# The lock lasts the cool-off from the last counted failure; attempts while locked do not prolong it
# (they cannot succeed anyway), so "try again in 30 minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "code"]
# Number of reverse proxies in front of the app whose X-Forwarded-For is trusted (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# The evaluations' "relevant sparring" criterion is judged from this many answers on (fewer: "for få svar").
EVALUATION_SPARRING_MIN_ANSWERS = env_int("EVALUATION_SPARRING_MIN_ANSWERS", 3, minimum=1)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # Danish short dates: "5. feb. 2027"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are served only through views that check access, never from MEDIA_URL.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

_email = dj_email_url.parse(env_str("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rådgivningsfunktionen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# The default cache is each process's own memory. Rate limits must be counted where every web process sees them:
# "ratelimit" is a table in the database (`manage.py createcachetable`; advisory/core/ratelimit.py says why).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "advisory.core.ratelimit.RateLimitCache",
        "LOCATION": "ratelimit_cache",
        "TIMEOUT": 2 * 60 * 60,  # longer than the longest window: an increment resets the expiry
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "advisory.core.ratelimit.client_address"
# Anonymous submissions of interest and taskforce requests (page and API together) per IP address.
PUBLIC_SUBMISSION_RATE = env_str("PUBLIC_SUBMISSION_RATE", "10/h")
# django-ratelimit warns about any cache other than memcached or Redis; its known problem with the database
# cache (a non-atomic increment) is solved by RateLimitCache, which its check cannot know.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Sliding inactivity timeout: every request renews the session, which ends SESSION_COOKIE_AGE seconds
# after the last one (30 minutes by default).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60, minimum=300)
SESSION_SAVE_EVERY_REQUEST = env_bool("SESSION_SAVE_EVERY_REQUEST", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; kept default
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only our own files; no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features the platform never uses (advisory.core.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix: browsers keep such a cookie only when it is Secure, has Path=/ and no Domain, so a
    # neighbouring subdomain cannot set or overwrite it (SESSION_COOKIE_DOMAIN and CSRF_COOKIE_DOMAIN stay None).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload directive is only a permission; the domain joins browsers' list only when submitted.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every log-in at INFO; lock-outs come as warnings (attempts are in its tables).
    # xmlschema (under pysaml2, advisory.saml) tells at INFO of every XML schema it loads, at every start.
    "loggers": {"axes": {"level": env_str("AXES_LOG_LEVEL", "WARNING")}, "xmlschema": {"level": "WARNING"}},
}

# The planning year: soft closed periods (summer holiday, school holidays …) that joint meetings avoid
# (advisory/programmes/workdays.py; the file is checked against data/year/year.schema.json at start).
PLANNING_YEAR_FILE = env_str("PLANNING_YEAR_FILE", str(BASE_DIR / "data" / "year" / "denmark.json"))

NINJA_PAGINATION_PER_PAGE = 50
PAGE_SIZE = env_int("PAGE_SIZE", 25, minimum=1)

# Audit log (django-auditlog): each app registers its models in its audit.py; see advisory/core/audit.py.
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Retention in days per kind of record (advisory/core/retention.py; `manage.py apply_retention`).
# A state authority deletes only as Rigsarkivet's rules on preservation and disposal allow.
RETENTION = {
    "api_tokens_revoked": env_int("RETENTION_API_TOKENS_REVOKED_DAYS", 90, minimum=1),
    "inactive_people": env_int("RETENTION_INACTIVE_PEOPLE_DAYS", 3 * 365, minimum=30),
    "login_attempts": env_int("RETENTION_LOGIN_ATTEMPTS_DAYS", 180, minimum=1),
    "audit_log": env_int("RETENTION_AUDIT_LOG_DAYS", 5 * 365, minimum=30),
    "outbox_messages": env_int("RETENTION_OUTBOX_MESSAGES_DAYS", 180, minimum=1),
    "calendar_feeds_revoked": env_int("RETENTION_CALENDAR_FEEDS_REVOKED_DAYS", 90, minimum=1),
    # Who answered a meeting's evaluation (the anonymous answers themselves stay with the programme).
    "evaluation_receipts": env_int("RETENTION_EVALUATION_RECEIPTS_DAYS", 365, minimum=31),
    # Presentations and other uploads, counted from the end of their programme.
    "documents_of_ended_programmes": env_int("RETENTION_DOCUMENTS_OF_ENDED_PROGRAMMES_DAYS", 5 * 365, minimum=365),
    # Contact persons of interest and taskforce requests: closed ones deleted, started ones' contacts removed.
    "requests_closed": env_int("RETENTION_REQUESTS_CLOSED_DAYS", 2 * 365, minimum=90),
    "requests_contacts": env_int("RETENTION_REQUESTS_CONTACTS_DAYS", 3 * 365, minimum=365),
    # Invitations to organisations once accepted, revoked or expired (the membership and the audit log stay).
    "membership_invitations_closed": env_int("RETENTION_MEMBERSHIP_INVITATIONS_CLOSED_DAYS", 90, minimum=1),
    # Ids of SAML assertions already used (advisory.saml: a replayed assertion is refused), after they expired.
    "saml_assertion_ids": env_int("RETENTION_SAML_ASSERTION_IDS_DAYS", 1, minimum=1),
}
