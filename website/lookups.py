"""`field__ifold=value`: equal when case is ignored in every alphabet, on both databases.

Django's `iexact` becomes `LIKE` on SQLite, which folds ASCII letters only: the
personal data of `Aiti@ÄÄKKÖNEN.fi` was neither found nor erased when an editor typed
`aiti@ääkkönen.fi`. PostgreSQL's `UPPER()` knows every alphabet; SQLite gets a
`casefold()` function of Python's own.
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, Lookup


class CaseFoldedExact(Lookup):
    lookup_name = "ifold"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"UPPER({lhs}) = UPPER({rhs})", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"casefold({lhs}) = casefold({rhs})", [*lhs_params, *rhs_params]


def _casefold(text):
    return text.casefold() if isinstance(text, str) else text


def _sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("casefold", 1, _casefold, deterministic=True)


def register() -> None:
    CharField.register_lookup(CaseFoldedExact)
    connection_created.connect(_sqlite_functions, dispatch_uid="sqlite-casefold")
