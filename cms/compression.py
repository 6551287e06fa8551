"""Compress HTML and other text responses with gzip, except on the pages that show a person their secrets.

Many learners reach the site over slow or metered connections: a lesson page is about 16 KB of HTML and about
4.5 KB gzipped. Compressing a response sent over HTTPS can leak a secret in it (BREACH) when the same body
also reflects text an attacker chooses, and the attacker can watch the sizes of many responses. Our defences:

- Django's ``GZipMiddleware`` pads every gzip header with a random number of bytes (up to 100, "Heal the
  BREACH"), so one response's length says little about its content;
- the CSRF token in every form is masked afresh for each response, so it never repeats byte for byte;
- session and CSRF cookies travel in headers, which are never compressed;
- the pages that show a person a lasting secret (the authenticator key and recovery codes under
  ``/accounts/2fa/``, the password-reset link's key) are sent uncompressed anyway: they are small and rare,
  so compressing them is not worth any risk.

Static files never reach this middleware: whitenoise sits above it and answers them with its own
pre-compressed copies.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware

UNCOMPRESSED_PATHS = ("/accounts/2fa/", "/accounts/password/reset/key/")


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip middleware, skipping the paths in ``UNCOMPRESSED_PATHS``."""

    def process_response(self, request, response):
        if request.path.startswith(UNCOMPRESSED_PATHS):
            return response
        return super().process_response(request, response)
