"""MetroAgora settings: one module, driven by the environment.

Every value that differs between a laptop, CI and production is read from an
environment variable; the defaults give a working demo on SQLite.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "metroagora"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Under pytest (or TESTING=true) the site is served over plain HTTP by the test
# client and the live server, with unhashed static files.
TESTING = env.bool("TESTING", default="pytest" in sys.modules)
SECRET_KEY = env.str(
    "SECRET_KEY", default="insecure-development-key-only-for-local-demos-and-tests-0123456789"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = "MetroAgora"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "csp",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "metroagora.core",
    "metroagora.accounts",
    "metroagora.network",
    "metroagora.events",
    "metroagora.forum",
    "metroagora.practices",
    "metroagora.opinions",
    "metroagora.decisions",
    "metroagora.funding",
    "metroagora.publications",
    "metroagora.impact",
    "metroagora.api",
    "metroagora.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "metroagora.accounts.middleware.RequireStaffTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "metroagora.urls"
WSGI_APPLICATION = "metroagora.wsgi.application"
ASGI_APPLICATION = "metroagora.asgi.application"

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
                "metroagora.core.context_processors.site",
                "metroagora.publications.website_context_processors.website",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids
    # "database is locked" upgrades inside write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME", default="") or None}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://metroagora")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # We use Django's own Redis backend, not django-redis.
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
    CACHES["default"].pop("OPTIONS", None)

# --- Email ----------------------------------------------------------------
# Console by default: `make run` prints every email (verification links,
# password resets) in its terminal, so the demo needs no mail server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MetroAgora <noreply@metroagora.eu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the visitor's address from
# the last X-Forwarded-For entry (the one the proxy added) for lockouts and rate limits.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out sign-ins
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MetroAgora] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one email
# from one address, that pair may not sign in for LOGIN_LOCKOUT_MINUTES (each new
# try restarts the wait); a successful sign-in forgets the failures.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "metroagora.accounts.lockout.username"
AXES_LOCKOUT_CALLABLE = "metroagora.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no log of every sign-in (personal data kept for nothing)
if BEHIND_PROXY:
    AXES_CLIENT_IP_CALLABLE = "metroagora.accounts.lockout.forwarded_client_ip"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MetroAgora"

# --- Languages --------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("pl", _("Polish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    # Media files: on disk in MEDIA_ROOT, or in the backend MEDIA_STORAGE names with the
    # options MEDIA_STORAGE_OPTIONS gives as JSON (S3-compatible storage: docs/deploy.md).
    "default": {
        "BACKEND": env.str("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env.bool("HTTPS", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Video library: linked videos play in the platform's player only after a click; these
# PeerTube instances (and YouTube's no-cookie player, Vimeo's) may be framed.
VIDEO_PEERTUBE_HOSTS = env.list(
    "VIDEO_PEERTUBE_HOSTS", default=["framatube.org", "video.blender.org"]
)
VIDEO_MAX_UPLOAD_MB = env.int("VIDEO_MAX_UPLOAD_MB", default=500)

# Strict CSP: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            *(f"https://{host}" for host in VIDEO_PEERTUBE_HOSTS),
        ],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
MFA_TOTP_TOLERANCE = 1  # accept the previous and next code too (clock drift)

# Writes per person (or per address when signed out) and period: s, m, h, d.
RATE_LIMITS = {
    "network.write": env.str("RATE_LIMIT_NETWORK_WRITE", default="30/m"),
    "accounts.write": env.str("RATE_LIMIT_ACCOUNTS_WRITE", default="20/m"),
    "events.register": env.str("RATE_LIMIT_EVENTS_REGISTER", default="10/m"),
    "events.write": env.str("RATE_LIMIT_EVENTS_WRITE", default="60/m"),
    "events.checkin": env.str("RATE_LIMIT_EVENTS_CHECKIN", default="600/m"),
    "forum.post": env.str("RATE_LIMIT_FORUM_POST", default="6/m"),
    "forum.react": env.str("RATE_LIMIT_FORUM_REACT", default="60/m"),
    "forum.moderate": env.str("RATE_LIMIT_FORUM_MODERATE", default="120/m"),
    "practices.write": env.str("RATE_LIMIT_PRACTICES_WRITE", default="60/m"),
    "opinions.vote": env.str("RATE_LIMIT_OPINIONS_VOTE", default="120/m"),
    "opinions.submit": env.str("RATE_LIMIT_OPINIONS_SUBMIT", default="6/m"),
    "decisions.write": env.str("RATE_LIMIT_DECISIONS_WRITE", default="30/m"),
    "decisions.support": env.str("RATE_LIMIT_DECISIONS_SUPPORT", default="60/m"),
    "decisions.vote": env.str("RATE_LIMIT_DECISIONS_VOTE", default="20/m"),
    "decisions.verify": env.str("RATE_LIMIT_DECISIONS_VERIFY", default="10/h"),
    "funding.write": env.str("RATE_LIMIT_FUNDING_WRITE", default="60/m"),
    "videos.write": env.str("RATE_LIMIT_VIDEOS_WRITE", default="60/m"),
    "publications.write": env.str("RATE_LIMIT_PUBLICATIONS_WRITE", default="120/m"),
    "newsletter.subscribe": env.str("RATE_LIMIT_NEWSLETTER_SUBSCRIBE", default="10/m"),
    "privacy.export": env.str("RATE_LIMIT_PRIVACY_EXPORT", default="5/m"),
    "api.open_data": env.str("RATE_LIMIT_API_OPEN_DATA", default="10/h"),
    "privacy.delete": env.str("RATE_LIMIT_PRIVACY_DELETE", default="5/m"),
    "newsletter.write": env.str("RATE_LIMIT_NEWSLETTER_WRITE", default="60/m"),
    "website.write": env.str("RATE_LIMIT_WEBSITE_WRITE", default="120/m"),
    "impact.refresh": env.str("RATE_LIMIT_IMPACT_REFRESH", default="10/m"),
    "api.read": env.str("RATE_LIMIT_API_READ", default="600/m"),
    "api.write": env.str("RATE_LIMIT_API_WRITE", default="60/m"),
}
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Local decisions: keys for ballot secrecy and census hashing (default: derived from
# SECRET_KEY). Keep them out of database backups; see docs/decisions.md.
BALLOT_SECRET = env.str("BALLOT_SECRET", default="")
CENSUS_SECRET = env.str("CENSUS_SECRET", default="")

# The Forum
FORUM_EDIT_WINDOW_MINUTES = env.int("FORUM_EDIT_WINDOW_MINUTES", default=30)
# New accounts' first N contributions wait for a moderator (0: off).
FORUM_HOLD_FIRST = env.int("FORUM_HOLD_FIRST", default=0)

# Opinion maps: a map is re-analysed at most once per this many seconds while votes arrive.
OPINIONS_RECOMPUTE_SECONDS = env.int("OPINIONS_RECOMPUTE_SECONDS", default=5)

# Privacy (docs/privacy.md): `manage.py apply_retention` (daily) deletes unconfirmed guest
# registrations and, after a warning email, accounts nobody signed in to for this long.
RETENTION_GUEST_REGISTRATION_DAYS = env.int("RETENTION_GUEST_REGISTRATION_DAYS", default=30)
RETENTION_INACTIVE_ACCOUNT_DAYS = env.int("RETENTION_INACTIVE_ACCOUNT_DAYS", default=1095)
RETENTION_WARNING_DAYS = env.int("RETENTION_WARNING_DAYS", default=30)

# Background work (Django's Tasks API, via django-tasks). "immediate" runs a task
# inside the request (development, tests); "database" queues it for
# `manage.py db_worker` (production, any number of workers).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND]
    }
}
# A job that fails is tried again after 30 s, then 2 min, up to this many attempts
# (metroagora/core/jobs.py).
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=3)

# Machine translation of contributions: a dotted path to a backend class
# (metroagora.forum.translation.LibreTranslateBackend or DeepLBackend) or empty for none.
MACHINE_TRANSLATION = {
    "BACKEND": env.str("MT_BACKEND", default=""),
    "URL": env.str("MT_URL", default=""),
    "API_KEY": env.str("MT_API_KEY", default=""),
    "TIMEOUT": env.float("MT_TIMEOUT", default=10.0),
}
