"""Settings for benchmarks/api.py: the project's settings plus a comparison view."""

from nectar.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
