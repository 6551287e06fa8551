"""Settings for site processes the tests start (tests/servers.py): the test settings with a shared Redis cache.

The test suite itself keeps an in-process cache; processes it starts share Redis, as production workers do.
"""

import os

from config.settings.test import *  # noqa: F403

# A Redis database the tests alone use, flushed by them; CI gives each of its two concurrent runs its own.
TEST_REDIS_URL = os.environ.get("UPSKILL_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TEST_REDIS_URL}}

# A test that starts a worker with EMAIL_HOST set (its loopback SMTP server) has it send over SMTP.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
