"""Say what is wrong with production's email settings (pure: no settings, no environment read here)."""

from __future__ import annotations

EMAIL_FROM_MISSING = (
    "DEFAULT_FROM_EMAIL must be set in production, for example 'Upskill <learning@example.gov.uk>': "
    "account emails are sent from it."
)
EMAIL_BACKEND_MISSING = (
    "Production needs an email backend that sends mail: set EMAIL_HOST to your SMTP server (or EMAIL_BACKEND to "
    "a backend that sends); the console, file, in-memory and dummy backends would keep password links and email "
    "confirmations from ever reaching anyone."
)
EMAIL_TLS_AND_SSL = "Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (usually port 465), not both."
NOTIFY_KEY_MISSING = (
    "EMAIL_BACKEND is GOV.UK Notify, so UPSKILL_NOTIFY_API_KEY (a live or team API key) and "
    "UPSKILL_NOTIFY_GENERIC_TEMPLATE_ID (a template with ((subject)) and ((body)) for account emails) must be set."
)
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
NOTIFY_BACKEND = "notifications.notify_backend.NotifyEmailBackend"
NON_SENDING_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    }
)


def production_email_problem(
    *, backend: str, host: str, from_address: str, use_tls: bool, use_ssl: bool, notify: tuple[str, str] = ("", "")
) -> str:
    """Return why these email settings cannot send account mail in production, or "" when they can. ``notify`` is
    the GOV.UK Notify API key and generic template ID."""
    if not from_address:
        return EMAIL_FROM_MISSING
    if backend in NON_SENDING_BACKENDS or (backend == SMTP_BACKEND and not host):
        return EMAIL_BACKEND_MISSING
    if backend == NOTIFY_BACKEND and not all(notify):
        return NOTIFY_KEY_MISSING
    if use_tls and use_ssl:
        return EMAIL_TLS_AND_SSL
    return ""
