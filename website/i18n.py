"""The site's languages, and which language a translated text is actually shown in.

The languages are settings.LANGUAGES (Finnish, Swedish, English, in that order);
`LANGUAGE_CODES` names them everywhere else. Every translated model falls back the
same way, Finnish, then Swedish, then English: `CatalogueTranslationOptions` is the
one place that says so. django-modeltranslation falls back to another language when
a field has no text in the visitor's language; the page must then say so and mark
the text with its real language, so screen readers pronounce it right.
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


class CatalogueTranslationOptions(TranslationOptions):
    """The base of every translated model's options: the one fallback order of the site."""

    fallback_languages = {"default": LANGUAGE_CODES}


def fallback_order() -> tuple[str, ...]:
    """The languages a text is looked for in, for the visitor's language."""
    return resolution_order(get_language(), CatalogueTranslationOptions.fallback_languages)


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


def text_in_visitor_language(field: str) -> Coalesce:
    """A translated field as the visitor sees it, in SQL: for ordering by it."""
    return Coalesce(
        *(NullIf(F(build_localized_fieldname(field, code)), Value("")) for code in fallback_order())
    )


# Finnish and Swedish put Å, Ä and Ö after Z (in that order), and read Æ as Ä, Ø as Ö
# and Ü as Y; other accents (é, à) only mark the letter they sit on. The three letters
# are mapped to the characters that follow "z" in Unicode, "{", "|" and "}", so that a
# plain string comparison puts them last. English ignores the marks altogether.
NORDIC_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})
NORDIC_LANGUAGES = ("fi", "sv")


def collation_key(text: str, language: str | None = None) -> tuple[str, str]:
    """A key that sorts names the way the visitor's language alphabetises them."""
    language = language or get_language() or settings.LANGUAGE_CODE
    folded = text.casefold()
    if language[:2] in NORDIC_LANGUAGES:
        folded = folded.translate(NORDIC_LETTERS)
    bare = "".join(
        char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char)
    )
    return bare, text


def collated(items, name=str, language: str | None = None) -> list:
    """The items sorted by their names in the visitor's language and its alphabet."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return sorted(items, key=lambda item: collation_key(name(item), language))
