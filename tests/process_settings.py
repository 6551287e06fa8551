"""Settings for site processes the tests start (tests/servers.py): the test settings with a shared Redis cache.

The test suite itself keeps an in-process cache; processes it starts share Redis, as production workers do.
"""

from config.settings.test import *  # noqa: F403

TEST_REDIS_URL = "redis://127.0.0.1:6379/13"  # a Redis database the tests alone use, flushed by them
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TEST_REDIS_URL}}
