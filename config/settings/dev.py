"""Development settings: the embedded default (SQLite, in-process cache)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, UPSKILL_CREDENTIALS_KEY, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
UPSKILL_CREDENTIALS_KEY = UPSKILL_CREDENTIALS_KEY or "dev-only-credentials-key-do-not-use-in-production"

# The demo server answers requests on several threads, and Wagtail's editor autosaves while its preview panel
# reads and writes too. On SQLite two transactions that both start by reading and then write can find each
# other holding the lock ("database is locked", a 500 on the editor's screen). Taking the write lock when each
# transaction begins, and waiting up to 20 seconds for it, makes the second one wait its turn instead.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)  # noqa: F405
