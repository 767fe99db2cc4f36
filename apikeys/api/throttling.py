"""Per-key rate limit over Django's cache (Redis in production)."""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

WINDOW_SECONDS = 60


class ApiKeyRateThrottle(BaseThrottle):
    """Allow `API_RATE_LIMIT_PER_MINUTE` requests per key in each clock minute.

    A fixed window costs one atomic cache increment per request. It lets a client burst
    up to twice the limit across a window boundary, which is acceptable for a limit
    that protects the database rather than billing.
    """

    def allow_request(self, request, view):
        api_key = request.auth
        if api_key is None:
            return True
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        self.retry_after = (window + 1) * WINDOW_SECONDS - now

        cache_key = f"api-rate:{api_key.pk}:{window}"
        # add() is a no-op when the counter exists; incr() is atomic in Redis.
        cache.add(cache_key, 0, timeout=WINDOW_SECONDS * 2)
        try:
            count = cache.incr(cache_key)
        except ValueError:
            # The counter expired between add() and incr(): start the window again.
            cache.set(cache_key, 1, timeout=WINDOW_SECONDS * 2)
            count = 1
        return count <= settings.API_RATE_LIMIT_PER_MINUTE

    def wait(self):
        return self.retry_after
