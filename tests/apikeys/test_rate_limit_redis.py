"""The rate limit over the Redis cache that REDIS_URL selects in deployments."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs a redis-server binary"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url():
    """Start a throwaway redis-server on loopback and return its URL."""
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=5)


def test_rate_limit_over_redis(api_client, org, issue_key, settings, redis_url):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }
    _, value = issue_key(org)
    ping = reverse("api:ping")

    statuses = [
        api_client.get(ping, headers={"X-API-Key": value}).status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 429]
    caches["default"].clear()
