"""What the site makes of its database's answers."""

from django.db import OperationalError

# SQLite waits (`timeout` in settings) for another process's write, then gives up with
# one of these; PostgreSQL's own word for a lock it could not get in time is 55P03.
SQLITE_BUSY = ("database is locked", "database table is locked")
POSTGRESQL_LOCK_NOT_AVAILABLE = "55P03"


def database_busy(error: BaseException) -> bool:
    """Was this a write that waited too long for another one, and could simply be sent again?"""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == POSTGRESQL_LOCK_NOT_AVAILABLE:
        return True
    return str(error).lower().startswith(SQLITE_BUSY)
