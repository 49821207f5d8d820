"""
Settings for Vetted.

Everything that differs between a laptop and production comes from the
environment (twelve-factor style); there is no separate production module.

    DATABASE_URL   default: SQLite file in the project folder
    CONN_MAX_AGE   seconds a worker keeps its database connection (default 60)
    DB_POOL        "1": PostgreSQL connection pool (psycopg_pool) instead of persistent connections
    DB_SERVER_SIDE_BINDING  "0": PostgreSQL client-side parameter binding (no prepared statements); default on
    SECRET_KEY     required when DEBUG is off
    DEBUG          "1"/"true" to enable; off by default
    ALLOWED_HOSTS  comma-separated; defaults to localhost names when DEBUG is on
    CACHE_URL      optional, e.g. redis://127.0.0.1:6379/1; default in-process cache
    CACHE_PURGE_URLS  comma-separated base URLs of the caching proxies to purge
    VETTED_LEDGER_KEY  seals the ledger and signs exported chain heads;
                   default derived from SECRET_KEY (see docs/security.md)
    SITE_URL       the site's address, for the links in workflow email
    EMAIL_HOST     SMTP server for workflow email (unset with DEBUG: printed to the console);
                   EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
                   EMAIL_USE_SSL, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development only)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "articles.admin.refusals.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "articles",
    "axes",
]

MIDDLEWARE = [
    # First: a warm article page is answered before the rest of the stack runs.
    "articles.public.caching.PageCacheMiddleware",
    # The site's own 404 page for readers' paths, also with DEBUG on.
    "articles.public.not_found.SiteNotFoundPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; "immediate" makes select_for_update-style
    # transactions take the write lock up front instead of failing mid-way.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL"):
    # Django's connection pool (psycopg_pool), one per worker process, instead
    # of one persistent connection per worker thread.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "4")),
        "timeout": 10,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameter binding lets psycopg prepare a statement that a
    # connection runs again and again (from its fifth run): PostgreSQL then
    # plans it once per connection instead of on every request. Planning the
    # warm article page's one query took 0.25-0.33 ms of server time, running
    # it 0.07 ms. DB_SERVER_SIDE_BINDING=0 turns it off (e.g. behind a
    # transaction-pooling PgBouncer older than 1.21, which cannot keep
    # prepared statements). Restart the app servers after a migration, as the
    # deploy steps say: a prepared statement of a table whose columns changed fails.
    if env_bool("DB_SERVER_SIDE_BINDING", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
elif CACHE_URL.startswith("dummy://"):
    # No cache at all: every page is rendered from scratch (benchmarks).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Failed-login throttling (django-axes): after AXES_FAILURE_LIMIT wrong
# passwords for one username from one address, that pair is locked out for
# AXES_COOLOFF_TIME hours; the login page then says so. Pairing the username
# with the address means a stranger cannot lock a reviewer out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/vetted/locked_out.html"

# An article's change form posts about 7 fields per section and reference; at the
# limits (articles.actions.editing.MAX_ROWS: 100 sections, 200 references) that is
# about 2,300. A larger post gets the friendly 400 page (templates/400.html).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Serve MEDIA_URL from Django (always with DEBUG). Production normally leaves
# it to the web server or a CDN, with the headers in docs/deploy.md.
VETTED_SERVE_MEDIA = env_bool("VETTED_SERVE_MEDIA")

# The learned risky-claim detector (built by `manage.py train_claims_model`, which
# scripts/setup.sh runs) and the reviewers' labels it also trains on.
CLAIMS_MODEL_PATH = Path(os.environ.get("CLAIMS_MODEL_PATH", BASE_DIR / "var" / "claims_model.skops"))
CLAIMS_REVIEWER_LABELS_PATH = Path(
    os.environ.get("CLAIMS_REVIEWER_LABELS_PATH", BASE_DIR / "var" / "claims_reviewer_labels.tsv")
)

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-markdownx: its default markdownify does not sanitise, so route it
# through the same renderer the public pages use.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.domain.rendering.markdownify"

if not DEBUG:
    # HTTPS only: secure cookies, a redirect from http and HSTS. SECURE_COOKIES=0
    # turns all three off, for a plain-HTTP test box behind no TLS proxy.
    HTTPS_ONLY = env_bool("SECURE_COOKIES", True)
    SESSION_COOKIE_SECURE = HTTPS_ONLY
    CSRF_COOKIE_SECURE = HTTPS_ONLY
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_SSL_REDIRECT = HTTPS_ONLY
    # One year; raise the subdomain and preload flags only when every subdomain is HTTPS.
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS_ONLY else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Content-Security-Policy for the public site (django-csp). The pages need no
# script of their own and no inline style; JSON-LD is a data block, which CSP
# does not govern. Article text may show pictures from other https sites.
# The admin (with the markdownx endpoints) has its own policy, below.
MIDDLEWARE += ["cms.csp.VettedCSPMiddleware"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The editorial admin's policy (cms/csp.py), under /admin/: the review page,
# previews and the markdownx preview endpoint. Scripts only from the site's own
# static files (the markdownx editor's included); inline style attributes are
# allowed because Django's admin widgets set them.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Pictures (articles.domain.images): upload limits and the widths of renditions.
VETTED_IMAGE_MAX_BYTES = int(os.environ.get("VETTED_IMAGE_MAX_BYTES", 10 * 1024 * 1024))
VETTED_IMAGE_MAX_PIXELS = int(os.environ.get("VETTED_IMAGE_MAX_PIXELS", 40_000_000))
VETTED_RENDITION_WIDTHS = (480, 800, 1200, 1600)

# The page cache of article pages (articles.public.caching). Keys name what a
# page shows, so entries never go stale; the lifetime only bounds memory.
VETTED_PAGE_CACHE = env_bool("VETTED_PAGE_CACHE", True)
VETTED_PAGE_CACHE_SECONDS = int(os.environ.get("VETTED_PAGE_CACHE_SECONDS", str(7 * 24 * 3600)))

# Purging shared caches (articles.domain.purging). CACHE_PURGE_URLS lists the
# proxies' base URLs (e.g. http://127.0.0.1:6081); CACHE_PURGE_HOST is the Host
# the site is served at, which the proxies cached pages under.
CACHE_PURGE_URLS = env_list("CACHE_PURGE_URLS")
CACHE_PURGE_HOST = os.environ.get("CACHE_PURGE_HOST", "")
CACHE_PURGE_TIMEOUT = float(os.environ.get("CACHE_PURGE_TIMEOUT", "2"))
CACHE_PURGER = os.environ.get("CACHE_PURGER", "")

# Vetted's editorial settings.
# A live article's review falls due this many days after its approval.
VETTED_REVIEW_INTERVAL_DAYS = int(os.environ.get("VETTED_REVIEW_INTERVAL_DAYS", "730"))
# Topics may set shorter intervals (Topic.review_interval_days; kratom: 180 days).
# The review-due list also shows pages falling due within this many days.
VETTED_REVIEW_DUE_SOON_DAYS = int(os.environ.get("VETTED_REVIEW_DUE_SOON_DAYS", "30"))
# Unpublish a live page this many days after its review fell due, unless it was
# re-certified. Unset (the default): never unpublish automatically.
VETTED_REVIEW_GRACE_DAYS = (
    int(os.environ["VETTED_REVIEW_GRACE_DAYS"]) if os.environ.get("VETTED_REVIEW_GRACE_DAYS") else None
)
# The worker releases a review a reviewer claimed and has not touched (no
# approval, note, claim decision) for this many days. 0 turns it off.
VETTED_REVIEW_CLAIM_IDLE_DAYS = int(os.environ.get("VETTED_REVIEW_CLAIM_IDLE_DAYS", "7"))
# A re-certified page goes live at once (on), or waits for a publisher (off).
VETTED_RECERTIFY_PUBLISHES = env_bool("VETTED_RECERTIFY_PUBLISHES", True)
# The admin dashboard warns in red when no worker finished a pass for this long,
# or when a scheduled item is this much past its time.
VETTED_WORKER_STALE_SECONDS = int(os.environ.get("VETTED_WORKER_STALE_SECONDS", "300"))
VETTED_WORKER_OVERDUE_SECONDS = int(os.environ.get("VETTED_WORKER_OVERDUE_SECONDS", "120"))
# How long a signed share link to a revision preview stays valid, in seconds.
VETTED_PREVIEW_LINK_MAX_AGE = int(os.environ.get("VETTED_PREVIEW_LINK_MAX_AGE", str(3 * 24 * 3600)))
# Workflow email (articles.notifications): the worker sends it, never a request.
# With DEBUG and no EMAIL_HOST, messages are printed to the console (scripts/run.sh
# shows the ones the demo triggers); otherwise SMTP as the environment says. The
# timeout bounds how long a hanging server can hold up one worker pass.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if DEBUG and not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Vetted editorial <editorial@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The site's address: workflow email links to the admin with it.
VETTED_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Workflow events older than this are not emailed (a worker that was stopped longer
# does not send stale news when it starts).
VETTED_NOTIFICATION_LOOKBACK_HOURS = int(os.environ.get("VETTED_NOTIFICATION_LOOKBACK_HOURS", "72"))
# A message that failed this many times is given up (and shown in the admin).
VETTED_NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("VETTED_NOTIFICATION_MAX_ATTEMPTS", "10"))
# Daily digests go out at this hour, site time.
VETTED_DIGEST_HOUR = int(os.environ.get("VETTED_DIGEST_HOUR", "7"))
# An overdue review is reminded again every this many days.
VETTED_REVIEW_REMINDER_DAYS = int(os.environ.get("VETTED_REVIEW_REMINDER_DAYS", "7"))
# Reviewers and their verifiers hear this many days before credentials expire.
VETTED_CREDENTIALS_NOTICE_DAYS = int(os.environ.get("VETTED_CREDENTIALS_NOTICE_DAYS", "30"))
# Worker heartbeat rows of workers silent for this many days are deleted.
VETTED_HEARTBEAT_KEEP_DAYS = int(os.environ.get("VETTED_HEARTBEAT_KEEP_DAYS", "7"))
# Who is emailed when a public page withholds a revision that failed its
# integrity check (comma-separated addresses; Django's EMAIL_* settings apply).
ADMINS = [(address, address) for address in env_list("ADMINS")]
# The ledger (articles.models.ledger): the key that seals each entry and signs
# an exported chain head. Keep it out of the database; by default it is
# derived from SECRET_KEY. After a rotation, list the old keys so entries
# sealed with them still verify.
VETTED_LEDGER_KEY = os.environ.get("VETTED_LEDGER_KEY", "")
VETTED_LEDGER_PREVIOUS_KEYS = env_list("VETTED_LEDGER_PREVIOUS_KEYS")
# How long a public page trusts its revision's integrity verdict, in seconds.
VETTED_TRUST_CHECK_TTL = int(os.environ.get("VETTED_TRUST_CHECK_TTL", "300"))
# django-markdownx's preview and upload endpoints are routed under /admin/ for
# the editorial team only (articles/admin/markdownx_urls.py); uploads go through
# the create_image action.
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
