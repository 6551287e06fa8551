"""Production settings: refuse to start without secrets; secure cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS_SET,
    DATABASE_URL,
    MIDDLEWARE,
    SECRET_KEY,
    SHARED_CACHE,
    STORAGES,
    UPSKILL_CREDENTIALS_KEY,
    UPSKILL_SCORM_CONTENT_HOST_SET,
    WAGTAILADMIN_BASE_URL_SET,
    env_bool,
)
from .host_checks import scorm_content_host_problem
from .mail_checks import production_email_problem

ERROR_NO_SHARED_CACHE = (
    "A shared cache must be set in production: REDIS_URL (for example redis://127.0.0.1:6379/0), or "
    "UPSKILL_DATABASE_CACHE=1 to keep the cache in a database table (run manage.py createcachetable)."
)

for _name, _value in {
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": ALLOWED_HOSTS_SET,
    "DATABASE_URL": DATABASE_URL,
    "UPSKILL_CREDENTIALS_KEY": UPSKILL_CREDENTIALS_KEY,
}.items():
    if not _value:
        raise ImproperlyConfigured(f"{_name} must be set in production.")

# Several workers (and machines) serve one site: throttling counters and pending state must be shared.
if not SHARED_CACHE:
    raise ImproperlyConfigured(ERROR_NO_SHARED_CACHE)

DEBUG = False
# Links in moderation emails: the configured address, else the first allowed host over HTTPS (never the demo's).
WAGTAILADMIN_BASE_URL = WAGTAILADMIN_BASE_URL_SET or f"https://{ALLOWED_HOSTS_SET[0].lstrip('.')}"
# SCORM packages play from a host of their own (learning/scorm/content.py): the development default, scorm.localhost,
# is nobody's host in production, and the site's own host would run a package beside the learner's session.
_scorm_host_problem = scorm_content_host_problem(
    content_host=UPSKILL_SCORM_CONTENT_HOST_SET, site_url=WAGTAILADMIN_BASE_URL
)
if _scorm_host_problem:
    raise ImproperlyConfigured(_scorm_host_problem)
_after = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1  # whitenoise right after security
MIDDLEWARE = [*MIDDLEWARE[:_after], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_after:]]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "cms.static_storage.CachedUrlManifestStorage"}}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Email: account mail (confirmation, password links, security notices) must reach people.
_email_problem = production_email_problem(
    backend=EMAIL_BACKEND,
    host=EMAIL_HOST,
    from_address=DEFAULT_FROM_EMAIL_SET,
    use_tls=EMAIL_USE_TLS,
    use_ssl=EMAIL_USE_SSL,
    notify=(UPSKILL_NOTIFY_API_KEY, UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID),
)
if _email_problem:
    raise ImproperlyConfigured(_email_problem)
