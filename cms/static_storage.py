"""Static files storage for production: whitenoise's compressed, hashed files, with each URL worked out once.

Our ``app.js`` is an ES module that imports GOV.UK Frontend (``import { initAll } from "./govuk-frontend.min.js"``).
Django rewrites such imports to the hashed file name when ``support_js_module_import_aggregation`` is on, so
the collected ``app.<hash>.js`` asks for ``govuk-frontend.min.<hash>.js``, and both can be cached for good
(whitenoise sends hashed files with a year's ``max-age`` and ``immutable``).
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CachedUrlManifestStorage(CompressedManifestStaticFilesStorage):
    """Remember the hashed URL of every static file asked for.

    The manifest is read once when the process starts and never changes while it runs, yet each ``{% static %}``
    looks the name up again and rebuilds the URL (about 14 microseconds; an admin page asks for some 180).
    """

    support_js_module_import_aggregation = True  # rewrite `import ... from "./x.js"` to the hashed name

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
