"""Settings for the benchmark: the project's own, plus a floor view to compare against."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("BENCH_CACHE") == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# The benchmark talks plain HTTP to the test client and to gunicorn on localhost;
# in production TLS ends at the proxy in front.
SECURE_SSL_REDIRECT = False
