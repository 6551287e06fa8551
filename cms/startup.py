"""Checks a production server makes before it accepts a request: fail loudly at start, not with a 500 per page."""

from __future__ import annotations

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

ERROR_NO_MANIFEST = (
    "The static files manifest {path} is missing, so every page would fail. Build the static files under the "
    "production settings before starting the server: DJANGO_SETTINGS_MODULE=config.settings.production "
    "python manage.py collectstatic --noinput"
)


def static_manifest_check() -> None:
    """Raise ImproperlyConfigured when the static storage needs a manifest of hashed names and has none."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return
    if not storage.manifest_storage.exists(storage.manifest_name):
        path = storage.manifest_storage.path(storage.manifest_name)
        raise ImproperlyConfigured(ERROR_NO_MANIFEST.format(path=path))
