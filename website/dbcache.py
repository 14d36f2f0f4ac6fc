"""The database cache of the embedded default (no Redis), with one statement a write."""

import base64
import itertools
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache, but `set` is one upsert instead of five statements (a
    count for culling, a transaction, a select, then an update or an insert).

    A page served from scratch writes the cache two or three times (the page, the
    visitor's search rate, the clock of calls): fifteen statements became three
    (docs/performance.md). Whether to cull is checked on every `cull_every`-th write
    of a process only, by Django's own `set`; MAX_ENTRIES is a soft limit either way.
    """

    cull_every = 20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = itertools.count(1)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if next(self._writes) % self.cull_every == 0:
            return super().set(key, value, timeout, version)
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        expires = (
            datetime.max
            if timeout is None
            else datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        ).replace(microsecond=0)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        table = quote(self._table)
        pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, "  # noqa: S608
                    f"{quote('expires')}) VALUES (%s, %s, %s) "
                    f"ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
                    f"{quote('value')} = excluded.{quote('value')}, "
                    f"{quote('expires')} = excluded.{quote('expires')}",
                    [key, pickled, connection.ops.adapt_datetimefield_value(expires)],
                )
        except DatabaseError:  # as Django's: a write that fails is a value not cached
            return
