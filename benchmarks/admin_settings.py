"""Settings for benchmarks/repository.py: the project's settings plus Django admin."""

from nectar.settings import *  # noqa: F403
from nectar.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.admin"]
ROOT_URLCONF = "benchmarks.admin_urls"
