"""Static files storage for production: whitenoise's compressed, hashed files, with each URL worked out once."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CachedUrlManifestStorage(CompressedManifestStaticFilesStorage):
    """Remember the hashed URL of every static file asked for.

    The manifest is read once when the process starts and never changes while it runs, yet each ``{% static %}``
    looks the name up again and rebuilds the URL (about 14 microseconds; an admin page asks for some 180).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
