"""The database cache of the embedded default writes a value with one statement."""

import pytest
from django.core.cache import caches
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_CACHE = {
    "default": {
        "BACKEND": "website.dbcache.DatabaseCache",
        "LOCATION": "catalogue_cache",
        "OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2},
    }
}


@pytest.fixture
def cache():
    with override_settings(CACHES=DATABASE_CACHE):
        cache = caches.create_connection("default")
        cache.clear()
        yield cache
        cache.clear()


def test_a_page_written_to_the_cache_costs_one_statement_and_can_be_read_back(
    cache, django_assert_num_queries
):
    with django_assert_num_queries(1):
        cache.set("page", ("<html>first</html>", "text/html"), 60)
    with django_assert_num_queries(1):
        cache.set("page", ("<html>second</html>", "text/html"), 60)
    assert cache.get("page") == ("<html>second</html>", "text/html")

    cache.set("gone", 1, -1)  # already expired
    assert cache.get("gone") is None
    cache.set("kept", 1, None)  # never expires
    assert cache.get("kept") == 1


def test_the_cache_is_still_kept_within_its_size(cache):
    written = cache.cull_every * 2
    for n in range(written):
        cache.set(f"page-{n}", n, 60)
    kept = sum(cache.has_key(f"page-{n}") for n in range(written))
    assert kept < written  # culled now and then, as MAX_ENTRIES asks
    assert cache.get(f"page-{written - 1}") == written - 1  # the newest is kept
