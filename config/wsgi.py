"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from cms.startup import static_manifest_check  # noqa: E402  (needs the settings loaded above)

static_manifest_check()
