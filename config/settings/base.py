"""Settings shared by every environment. The environment is read here and only here."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Return an environment flag as a boolean ("1", "true", "yes" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS_SET = env_list("DJANGO_ALLOWED_HOSTS")
ALLOWED_HOSTS = ALLOWED_HOSTS_SET or ["localhost", "127.0.0.1", "[::1]"]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
# A database table as the shared cache, for a site without Redis (run `manage.py createcachetable` once).
UPSKILL_DATABASE_CACHE = env_bool("UPSKILL_DATABASE_CACHE", False)
# How many reverse proxies of our own stand in front of the app (each appends to X-Forwarded-For), or the
# header a trusted proxy sets to the client's address: sign-in limits count per real client, not per proxy.
TRUSTED_PROXY_COUNT = int(os.environ.get("UPSKILL_TRUSTED_PROXY_COUNT", "0"))
TRUSTED_CLIENT_IP_HEADER = os.environ.get("UPSKILL_TRUSTED_CLIENT_IP_HEADER", "") or None
STATIC_ROOT_SETTING = os.environ.get("DJANGO_STATIC_ROOT", "")

INSTALLED_APPS = [
    "cms",
    "learning",
    "assessments",
    "readiness",
    "notifications",
    "interop",
    "credentials",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "cms.wagtail_apps.RedirectsConfig",  # Wagtail's apps without its unrouted v3 API (cms/wagtail_apps.py)
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "cms.wagtail_apps.SnippetsConfig",
    "cms.wagtail_apps.DocumentsConfig",
    "cms.wagtail_apps.ImagesConfig",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "cms.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # gzip below whitenoise (production inserts it straight after security), above everything that writes the
    # body; BREACH: random gzip padding, per-response CSRF masking, secret-showing pages skipped (cms/compression.py)
    "cms.compression.CompressionMiddleware",
    "cms.middleware.UnreadableAddressMiddleware",  # 400 for NUL bytes or non-UTF-8 in the path or query
    "learning.scorm.content.ContentHostMiddleware",  # the SCORM content host answers content URLs only
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.saving.FetchRedirectMiddleware",  # a POST sent by the page's script learns where it leads (204)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "learning.accounts.PrivilegedAccessMiddleware",
    "csp.middleware.CSPMiddleware",
    "learning.sso.SingleSignOnMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "readiness.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds sign-in throttling counters and short-lived report figures, so every worker of a site must
# share it: Redis, or a database table. The in-process cache is for the embedded default (one process) only.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif UPSKILL_DATABASE_CACHE:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "upskill_cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED_CACHE = bool(REDIS_URL or UPSKILL_DATABASE_CACHE)

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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(STATIC_ROOT_SETTING) if STATIC_ROOT_SETTING else BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# SCORM packages, unpacked (learning/scorm/storage.py): apart from "default" so the main site never serves them;
# point it at a shared backend when several machines serve the site.
UPSKILL_SCORM_ROOT = os.environ.get("UPSKILL_SCORM_ROOT", "") or str(BASE_DIR / "scorm-packages")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "scorm": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": UPSKILL_SCORM_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "learning:my_learning"
LOGOUT_REDIRECT_URL = "/"
# One way in: Wagtail's admin and its private pages send people to allauth's sign-in, never their own.
# Wagtail's doors lead to learning.account_doors.to_login: anonymous visitors go on to allauth's sign-in, a
# signed-in person Wagtail turns away (no admin access, a private page) gets a 403 instead of a redirect loop.
WAGTAILADMIN_LOGIN_URL = "/admin/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/_util/login/"

# django-allauth: email and password, single sign-on, MFA. Accounts come from staff records.
ACCOUNT_ADAPTER = "learning.accounts.StaffAccountAdapter"
SOCIALACCOUNT_ADAPTER = "learning.accounts.StaffSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
# Sign-in limits. Wrong passwords are limited per account (5 in 5 minutes) and per client address. Every sign-in,
# right or wrong, is limited per client address too, but loosely: a whole hospital or council office can reach us
# from one address (its network's exit), and 9 a.m. brings hundreds of right passwords a minute from it.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("UPSKILL_LOGIN_RATE_LIMIT", "1000/m/ip"),
    "login_failed": "60/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Upskill"
UPSKILL_SIGNUP_BY_STAFF_EMAIL = env_bool("UPSKILL_SIGNUP_BY_STAFF_EMAIL", True)
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
UPSKILL_PRIVILEGED_SESSION_SECONDS = 60 * 60 * 8
UPSKILL_RETENTION_MONTHS = int(os.environ.get("UPSKILL_RETENTION_MONTHS", "24"))
# Readiness reports send their independent statements side by side on two connections (outside transactions).
UPSKILL_PARALLEL_REPORT_QUERIES = env_bool("UPSKILL_PARALLEL_REPORT_QUERIES", True)

# Single sign-on through OpenID Connect (Microsoft Entra ID is the documented example), set up
# from the environment only: OIDC_PROVIDER_ID, OIDC_PROVIDER_NAME, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
# OIDC_SERVER_URL (for Entra: https://login.microsoftonline.com/<tenant id>/v2.0) and, for Entra,
# OIDC_ENTRA_TENANT_ID (which email claims are trusted: see learning/sso.py). PKCE is always on.
# The sign-in form's Content Security Policy allows the provider's origin (learning.sso).


def oidc_providers(env) -> dict:
    """Return SOCIALACCOUNT_PROVIDERS for the OpenID Connect provider the environment describes."""
    if not (env.get("OIDC_CLIENT_ID") and env.get("OIDC_SERVER_URL")):
        return {}
    app_settings = {
        "server_url": env["OIDC_SERVER_URL"],
        "fetch_userinfo": True,
        "oauth_pkce_enabled": True,
        "tenant_id": env.get("OIDC_ENTRA_TENANT_ID", "").strip(),
    }
    app = {
        "provider_id": env.get("OIDC_PROVIDER_ID", "entra"),
        "name": env.get("OIDC_PROVIDER_NAME", "Microsoft"),
        "client_id": env["OIDC_CLIENT_ID"],
        "secret": env.get("OIDC_CLIENT_SECRET", ""),
        "settings": app_settings,
    }
    return {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}}


SOCIALACCOUNT_PROVIDERS = oidc_providers(os.environ)

# Video hosts editors may embed in lessons (cms/video.py): checked when a lesson is saved, without contacting the
# host, and the only sites a page may frame. Host names, comma-separated.
UPSKILL_VIDEO_HOSTS = env_list("UPSKILL_VIDEO_HOSTS", "www.youtube-nocookie.com,player.vimeo.com")

# SCORM packages play from another host name than the site's (learning/scorm/content.py), with the same scheme
# and port: by default "scorm.localhost" (browsers send every *.localhost name to this machine). Not "localhost"
# itself: that is the demo site's own host name, which Wagtail's previews use. Set it to the content host in
# production (which refuses to start without it, or with the site's own host), and list it in DJANGO_ALLOWED_HOSTS.
UPSKILL_SCORM_CONTENT_HOST_SET = os.environ.get("UPSKILL_SCORM_CONTENT_HOST", "").strip()
UPSKILL_SCORM_CONTENT_HOST = UPSKILL_SCORM_CONTENT_HOST_SET or "scorm.localhost"
if not ALLOWED_HOSTS_SET:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, UPSKILL_SCORM_CONTENT_HOST]
# Packages load nothing from other hosts unless listed here (for example https://fonts.example.org), comma-separated.
UPSKILL_SCORM_CONTENT_SOURCES = env_list("UPSKILL_SCORM_CONTENT_SOURCES")

# Content Security Policy (django-csp): nothing inline, nothing from other hosts but the approved video players.
# The Wagtail admin uses inline scripts of its own, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/documents/", "/scorm-content/"],  # packages: learning/scorm/views.py
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            *(f"https://{host}" for host in UPSKILL_VIDEO_HOSTS),
            f"{UPSKILL_SCORM_CONTENT_HOST}:*",  # the SCORM player, on the content host (same scheme)
        ],
        "frame-ancestors": ["'self'"],  # same origin only: Wagtail shows page previews in an admin iframe
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Email, from the environment. With EMAIL_HOST set, mail goes out over SMTP; without it, mail is printed to the
# console (development). EMAIL_BACKEND, when set, wins over both. Production refuses to start without a real
# backend and a from address (config/settings/production.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "") or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "") or 10)  # seconds: a mail server that hangs cannot hold a worker
DEFAULT_FROM_EMAIL_SET = os.environ.get("DEFAULT_FROM_EMAIL", "")
DEFAULT_FROM_EMAIL = DEFAULT_FROM_EMAIL_SET or "Upskill <upskill@localhost>"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "") or DEFAULT_FROM_EMAIL
# GOV.UK Notify, with EMAIL_BACKEND=notifications.notify_backend.NotifyEmailBackend (see the README).
UPSKILL_NOTIFY_API_KEY = os.environ.get("UPSKILL_NOTIFY_API_KEY", "")
UPSKILL_NOTIFY_BASE_URL = os.environ.get("UPSKILL_NOTIFY_BASE_URL", "") or "https://api.notifications.service.gov.uk"
UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID = os.environ.get("UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID", "")
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""  # our subjects name the site themselves (cms/templates/account/email/)
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password, email or second factor changes

# Background work: Django's tasks API (the django-tasks backport; Django 6 has it as django.tasks) with a queue
# in the database. Workers (`manage.py db_worker`) claim jobs with SELECT ... FOR UPDATE SKIP LOCKED, so several
# on several machines share one queue; `manage.py run_due_jobs` (cron or a timer) enqueues the schedule.
# Wagtail's own small tasks (reference index updates, file deletions) use "default" and stay immediate, as
# before; the product's background work uses "background" (notifications/tasks.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# Reminder messages that fail for a temporary reason are retried this many times, waiting longer each time.
UPSKILL_MESSAGE_MAX_ATTEMPTS = int(os.environ.get("UPSKILL_MESSAGE_MAX_ATTEMPTS", "") or 6)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Upskill"
# The site's address as people reach it: Wagtail's moderation emails ("submitted for review", "approved") link
# to it. Unset: the demo server's address here, https:// and the first allowed host in production.
# Open Badges: the secret that encrypts each organisation's signing keys (credentials/keys.py). Production refuses
# to start without it; losing it means issuing with new keys (credentials already issued still verify).
UPSKILL_CREDENTIALS_KEY = os.environ.get("UPSKILL_CREDENTIALS_KEY", "")
WAGTAILADMIN_BASE_URL_SET = os.environ.get("WAGTAILADMIN_BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = WAGTAILADMIN_BASE_URL_SET or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no calls to third-party hosts, in the admin either
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-gb", "British English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [("en-gb", "British English")]

# Logging: everything at WARNING and above, and every server error with its traceback, goes to standard error with
# the request id (cms.request_id), whatever DEBUG is. Under gunicorn that is the workers' stderr: the process
# manager's log, or gunicorn's error log with --capture-output (as the README's command shows).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"), "propagate": False},
    },
}
