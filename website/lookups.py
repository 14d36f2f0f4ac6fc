"""`field__ifold=value`: equal when case is ignored in every alphabet, on both databases.

Django's `iexact` becomes `LIKE` on SQLite, which folds ASCII letters only: the
personal data of `Aiti@ÄÄKKÖNEN.fi` was neither found nor erased when an editor typed
`aiti@ääkkönen.fi`. PostgreSQL's `UPPER()` knows every alphabet; SQLite gets a
`casefold()` function of Python's own.

`field__ifoldcontains=value`: the value is somewhere in the field, case ignored in the
same way; in a JSON field, somewhere in its text (on SQLite the stored JSON escapes
letters beyond ASCII, so its text is read back unescaped first).
"""

import json

from django.db.backends.signals import connection_created
from django.db.models import CharField, JSONField, Lookup, TextField


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


class CaseFoldedContains(Lookup):
    lookup_name = "ifoldcontains"
    prepare_rhs = False  # the text looked for, as it is, also in a JSON field

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if isinstance(self.lhs.output_field, JSONField):
            lhs = f"CAST({lhs} AS text)"
        return f"POSITION(UPPER({rhs}) IN UPPER({lhs})) > 0", [*rhs_params, *lhs_params]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if isinstance(self.lhs.output_field, JSONField):
            lhs = f"json_unescaped({lhs})"
        return f"instr(casefold({lhs}), casefold({rhs})) > 0", [*lhs_params, *rhs_params]


def _casefold(text):
    return text.casefold() if isinstance(text, str) else text


def _json_unescaped(text):
    return json.dumps(json.loads(text), ensure_ascii=False) if isinstance(text, str) else text


def _sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("casefold", 1, _casefold, deterministic=True)
        connection.connection.create_function(
            "json_unescaped", 1, _json_unescaped, deterministic=True
        )


def register() -> None:
    CharField.register_lookup(CaseFoldedExact)
    for field in (CharField, TextField, JSONField):
        field.register_lookup(CaseFoldedContains)
    connection_created.connect(_sqlite_functions, dispatch_uid="sqlite-casefold")
