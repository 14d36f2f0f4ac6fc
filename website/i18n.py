"""The site's languages, and which language a translated text is actually shown in.

The languages are settings.LANGUAGES (Finnish, Swedish, English, in that order);
`LANGUAGE_CODES` names them everywhere else. Every translated model falls back the
same way, Finnish, then Swedish, then English: `CatalogueTranslationOptions` is the
one place that says so. django-modeltranslation falls back to another language when
a field has no text in the visitor's language; the page must then say so and mark
the text with its real language, so screen readers pronounce it right.
"""

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Expression, F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


class CatalogueTranslationOptions(TranslationOptions):
    """The base of every translated model's options: the one fallback order of the site."""

    fallback_languages = {"default": LANGUAGE_CODES}


def fallback_order(language: str | None = None) -> tuple[str, ...]:
    """The languages a text is looked for in, for the visitor's (or the given) language."""
    return resolution_order(
        language or get_language(), CatalogueTranslationOptions.fallback_languages
    )


FALLBACK_NOTES = {
    "fi": _("Not yet translated into this language: shown in Finnish."),
    "sv": _("Not yet translated into this language: shown in Swedish."),
    "en": _("Not yet translated into this language: shown in English."),
}


@dataclass(frozen=True)
class TranslatedText:
    value: str
    lang: str
    requested: str

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)

    @property
    def is_fallback(self) -> bool:
        return bool(self.value) and self.lang != self.requested

    @property
    def lang_attr(self) -> SafeString:
        """` lang="xx"` when the text is in another language than the page, else nothing."""
        return format_html(' lang="{}"', self.lang) if self.is_fallback else SafeString("")

    @property
    def fallback_note(self) -> str:
        return FALLBACK_NOTES.get(self.lang, "") if self.is_fallback else ""


def translated(instance: models.Model, field: str) -> TranslatedText:
    """The text of a translated field as the visitor sees it, with the language it is in."""
    requested = get_language()
    options = translator.get_options_for_model(type(instance))
    for lang in resolution_order(requested, options.fallback_languages):
        value = getattr(instance, build_localized_fieldname(field, lang), None)
        if value:
            return TranslatedText(value=value, lang=lang, requested=requested)
    return TranslatedText(value="", lang=requested, requested=requested)


def fallback_languages(instance: models.Model, fields: list[str]) -> list[str]:
    """The other languages some of the given fields fall back to, in a stable order."""
    langs = {text.lang for text in (translated(instance, f) for f in fields) if text.is_fallback}
    return sorted(langs)


def text_in_visitor_language(field: str, language: str | None = None) -> Coalesce:
    """A translated field as the visitor (or a reader of `language`) sees it, in SQL: for
    ordering by it."""
    return Coalesce(
        *(
            NullIf(F(build_localized_fieldname(field, code)), Value(""))
            for code in fallback_order(language)
        )
    )


# Finnish and Swedish put Å, Ä and Ö after Z (in that order), and read Æ as Ä, Ø as Ö
# and Ü as Y; other accents (é, à) only mark the letter they sit on. The three letters
# are mapped to the characters that follow "z" in Unicode, "{", "|" and "}", so that a
# plain string comparison puts them last. English ignores the marks altogether. Letters
# that are not a letter with a mark are read as the ICU collations of the database read
# them (Æ as AE in English, Ł as L); the rarer letters of other alphabets (Þ, Œ) may
# sort otherwise there.
NORDIC_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})
NORDIC_LANGUAGES = ("fi", "sv")
OTHER_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l"})


def collation_key(text: str, language: str | None = None) -> tuple[str, str]:
    """A key that sorts names the way the visitor's language alphabetises them."""
    language = language or get_language() or settings.LANGUAGE_CODE
    folded = text.casefold()
    if language[:2] in NORDIC_LANGUAGES:
        folded = folded.translate(NORDIC_LETTERS)
    folded = folded.translate(OTHER_LETTERS)
    bare = "".join(
        char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char)
    )
    return bare, text


def collated(items, name=str, language: str | None = None) -> list:
    """The items sorted by their names in the visitor's language and its alphabet."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return sorted(items, key=lambda item: collation_key(name(item), language))


# The same alphabets in the database, by the names of PostgreSQL's ICU collations (made
# by initdb when PostgreSQL is built with ICU; website.checks says if one is missing).
# SQLite gets collations of the same names on every connection, which compare by
# `collation_key`: an ORDER BY means the same on both databases, and the same as
# `collated` in Python.
DATABASE_COLLATIONS = {"fi": "fi-x-icu", "sv": "sv-x-icu", "en": "en-x-icu"}


def collation_name(language: str | None = None) -> str:
    """The database collation of the visitor's (or the given) language."""
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return DATABASE_COLLATIONS.get(language, DATABASE_COLLATIONS[settings.LANGUAGE_CODE])


def collated_order(field_or_expression: str | Expression, language: str | None = None) -> Collate:
    """A field or an expression in the alphabet of the visitor's (or the given) language,
    for `order_by`."""
    expression = (
        F(field_or_expression) if isinstance(field_or_expression, str) else field_or_expression
    )
    return Collate(expression, collation_name(language))


class Alphabetical(Expression):
    """Names in the alphabet of the language active when the query runs, not when this is
    declared: for an ordering written once for every language (a model admin's `ordering`,
    an admin column's `ordering`).

    `name` is a translated field (`"name"`: in the visitor's language with the site's
    fallback) or a function that gives the name's expression in a language."""

    def __init__(self, name: str | Callable[[str], Expression]):
        super().__init__()
        self.name = name

    def resolve_expression(self, *args, **kwargs):
        language = get_language() or settings.LANGUAGE_CODE
        if callable(self.name):
            name = self.name(language)
        else:
            name = text_in_visitor_language(self.name, language)
        return collated_order(name, language).resolve_expression(*args, **kwargs)


@functools.lru_cache(maxsize=4096)
def _cached_key(text: str, language: str) -> tuple[str, str]:
    return collation_key(text, language)


def _compare(language: str, one: str, other: str) -> int:
    first, second = _cached_key(one, language), _cached_key(other, language)
    return (first > second) - (first < second)


def _sqlite_collations(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        for language, name in DATABASE_COLLATIONS.items():
            connection.connection.create_collation(name, functools.partial(_compare, language))


def connect_signals() -> None:
    """Every new SQLite connection gets DATABASE_COLLATIONS, comparing by `collation_key`."""
    connection_created.connect(_sqlite_collations, dispatch_uid="sqlite-collations")
