"""Test settings: fast password hashing, in-memory cache, no debug."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
UPSKILL_CREDENTIALS_KEY = "test-only-credentials-key"

# Unpacked SCORM packages go to a folder of this test process's own, removed when it exits.
import atexit as _atexit  # noqa: E402
import shutil as _shutil  # noqa: E402
import tempfile as _tempfile  # noqa: E402

UPSKILL_SCORM_ROOT = _tempfile.mkdtemp(prefix="upskill-scorm-")
_atexit.register(_shutil.rmtree, UPSKILL_SCORM_ROOT, True)
STORAGES = {**STORAGES, "scorm": {**STORAGES["scorm"], "OPTIONS": {"location": UPSKILL_SCORM_ROOT}}}  # noqa: F405
