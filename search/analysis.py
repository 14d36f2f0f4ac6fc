"""How a text becomes search terms, in Finnish, Swedish and English: one place for
indexing and for a visitor's query alike (docs/search.md).

* Finnish with Voikko: each word's base forms ("nuorten" → nuori) and, for a
  compound, the base forms of its parts ("kotoutumiskoulutuksen" → kotoutumiskoulutus,
  kotoutua, koulutus). A word Voikko does not know gets its Snowball Finnish stem.
  Without Voikko on the machine (`manage.py check` says so) every Finnish word gets
  its Snowball stem.
* Swedish and English with Snowball (PyStemmer).
* The stop words of each language are left out (search/stopwords/, Snowball's lists).
* Every text, indexed or asked for, is read in Unicode's compatibility composition
  (NFKC, `normalise`): "ä" typed as "a" and a combining diaeresis (text copied from a
  PDF or a Mac's file name), the ligature "ﬁ", a full-width "ｍ" and "m²" read as
  "ä", "fi", "m" and "m2".

A word becomes a `Word`: its `primary` term (the first base form or the stem), which
phrases are matched on, and every term it is found by. A query word becomes the
`alternatives` it may be found by: its base forms in Finnish and its stems in Swedish
and English; compound parts are for documents only, so that "koulutus" finds
"kotoutumiskoulutus" but "kotoutumiskoulutus" does not find every "koulutus".
"""

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import Stemmer

try:  # the binding loads the C library and its Finnish dictionary when first used
    import libvoikko
except ImportError:  # pragma: no cover - the binding is a dependency of the project
    libvoikko = None

LANGUAGES = ("fi", "sv", "en")
SNOWBALL = {"fi": "finnish", "sv": "swedish", "en": "english"}
MAX_WORD_LENGTH = 60  # longer "words" (addresses, hashes) are kept as they are
WORD = re.compile(r"\w+")

# What the index was built with: a change to the analysis that alters the terms of a
# text raises it, and the next `migrate` rebuilds the index (index.index_follow_analysis).
VERSION = 2  # 2: NFKC

# Words Voikko lacks, with their base forms (docs/search.md: how to add one).
LEXICON: dict[str, tuple[str, ...]] = {
    "mentorointi": ("mentorointi",),
    "mentoroinnin": ("mentorointi",),
    "mentorointia": ("mentorointi",),
    "mentoroinnissa": ("mentorointi",),
    "mentoroinnista": ("mentorointi",),
    "mentoroinnilla": ("mentorointi",),
    "mentori": ("mentori",),
    "mentorit": ("mentori",),
    "mentorin": ("mentori",),
    "mentoreiden": ("mentori",),
    "mentoreita": ("mentori",),
    "mentoreista": ("mentori",),
    "mentorien": ("mentori",),
    "mentorina": ("mentori",),
}

# Terms that find each other: a term on the left is indexed with those on the right
# as well (docs/search.md: how to add synonyms).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "maahanmuuttaja": ("maahanmuuttanut",),
    "maahanmuuttanut": ("maahanmuuttaja",),
    "mentori": ("mentorointi",),
    "mentorointi": ("mentori",),
}

_lock = threading.Lock()  # Voikko's handle and Snowball's stemmers are not thread-safe


@dataclass(frozen=True)
class Word:
    """A word of a text, analysed: the term phrases match on, and every term it is found by."""

    primary: str
    terms: tuple[str, ...]


@functools.cache
def stop_words(lang: str) -> frozenset[str]:
    path = Path(__file__).parent / "stopwords" / f"{SNOWBALL[lang]}.stop"
    return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())


def normalise(text: str) -> str:
    """The text in Unicode's compatibility composition (NFKC), as the search reads it."""
    return unicodedata.normalize("NFKC", text)


def tokens(text: str) -> list[str]:
    """The words of a text, as the search reads them."""
    return WORD.findall(normalise(text or ""))


@functools.lru_cache(maxsize=4096)
def _in_a_word(char: str) -> bool:
    """A character that is, or reads as, part of a word: "a", a combining diaeresis,
    "²", "㎡" (m2)."""
    return bool(WORD.search(normalise(char))) or unicodedata.category(char).startswith("M")


def word_spans(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Where the words of a text are, as it is written, and the words the search reads
    in each (`tokens`): to mark them in the text shown."""
    if unicodedata.is_normalized("NFKC", text):  # nearly every text: as written
        for found in WORD.finditer(text):
            yield found.start(), found.end(), [found.group()]
        return
    start = None
    for position, char in enumerate(text + " "):
        if position < len(text) and _in_a_word(char):
            start = position if start is None else start
        elif start is not None:
            yield start, position, tokens(text[start:position])
            start = None


@functools.cache
def _stemmer(lang: str):
    return Stemmer.Stemmer(SNOWBALL[lang])


_voikko_state: dict = {}


def voikko():
    """The Finnish analyser, or None when the machine lacks libvoikko or its dictionary."""
    if "handle" not in _voikko_state:
        handle, error = None, None
        if libvoikko is None:
            error = "the Python binding libvoikko is not installed"
        else:
            try:
                handle = libvoikko.Voikko("fi")
            except (OSError, libvoikko.VoikkoException) as exc:
                error = str(exc)
        _voikko_state.update(handle=handle, error=error)
    return _voikko_state["handle"]


def voikko_error() -> str | None:
    """Why Voikko is not in use, or None when it is."""
    voikko()
    return _voikko_state["error"]


def signature() -> str:
    """What the terms of a text depend on: the analysis's version, and whether Finnish is
    analysed by Voikko or only stemmed (an index built without Voikko is rebuilt when
    Voikko comes)."""
    return f"{VERSION} {'snowball' if voikko_error() else 'voikko'}"


def stem(word: str, lang: str) -> str:
    with _lock:
        return _stemmer(lang).stemWord(word)


def _parts(wordbases: str) -> list[str]:
    """The base forms of a compound's parts from Voikko's WORDBASES.

    "+kotoutumis(kotoutua)+koulutus(koulutus)" → kotoutua, koulutus;
    "+pien+yrit(yrittää)+ys(+ys)" → pien, yrittää, yritys (a derivational ending
    is joined to the part before it); "(maahan=muuttaja)" → maahan, muuttaja.
    """
    pieces = re.findall(r"\+?([^+()]+)(?:\(([^)]*)\))?", wordbases)
    parts, surface = [], ""
    for text, base in pieces:
        if base.startswith("+") or (not base and len(text) <= 2 and surface):
            surface += text  # a derivational ending: part of the word before it
            parts.append(surface)
            continue
        surface = text
        for piece in (base or text).split("="):
            parts.append(piece)
    return [part.casefold() for part in parts if len(part) >= 3]


@functools.lru_cache(maxsize=200_000)
def finnish(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(base forms, compound parts) of a Finnish word; the Snowball stem when Voikko
    does not know it."""
    folded = word.casefold()
    if folded in LEXICON:
        return LEXICON[folded], ()
    handle = voikko()
    if handle is not None and len(word) <= MAX_WORD_LENGTH and not word.isdigit():
        with _lock:
            analyses = handle.analyze(word)
        bases, parts = [], []
        for analysis in analyses:
            base = analysis.get("BASEFORM", "").casefold()
            if base and base not in bases:
                bases.append(base)
            for part in _parts(analysis.get("WORDBASES", "")):
                if part not in parts:
                    parts.append(part)
        if bases:
            return tuple(bases), tuple(p for p in parts if p not in bases)
    return (stem(folded, "fi"),), ()


@functools.lru_cache(maxsize=200_000)
def analyse_word(word: str, lang: str) -> Word | None:
    """A word of a text in `lang` (as `tokens` reads it) as it is indexed; None for a
    stop word."""
    folded = word.casefold().strip("_")
    if not folded or folded in stop_words(lang):
        return None
    if len(folded) > MAX_WORD_LENGTH:
        return Word(folded, (folded,))
    if lang == "fi":
        bases, parts = finnish(word)
        terms = list(bases) + list(parts)
    else:
        terms = [stem(folded, lang)]
    for term in list(terms):
        terms += SYNONYMS.get(term, ())
    terms = [clean(term) for term in terms if clean(term)] or [folded]
    return Word(terms[0], tuple(dict.fromkeys(terms)))


def clean(term: str) -> str:
    """A term of letters and digits only: nothing a query syntax could read as an operator."""
    return "".join(WORD.findall(term)).replace("_", "")


def words(text: str, lang: str) -> list[Word]:
    """The analysed words of a text in `lang`, in order, stop words left out."""
    found = []
    for token in tokens(text):
        word = analyse_word(token, lang)
        if word is not None:
            found.append(word)
    return found


def is_stop_word(word: str) -> bool:
    """A stop word in any of the three languages ("ja", "och", "the")."""
    folded = word.casefold()
    return any(folded in stop_words(lang) for lang in LANGUAGES)


@functools.lru_cache(maxsize=20_000)
def alternatives(word: str) -> tuple[str, ...]:
    """The terms a query word may be found by: its Finnish base forms (or stem) and its
    Swedish and English stems. Compound parts are left out: a compound in a query
    finds the compound. `word` as `tokens` reads it."""
    folded = word.casefold()
    found = list(finnish(word)[0])
    found += [stem(folded, "sv"), stem(folded, "en")]
    found = list(dict.fromkeys(clean(term) for term in found if clean(term)))
    # A prefix already finds what a longer alternative it begins would: one is enough.
    return tuple(
        term
        for term in found
        if not any(other != term and len(other) >= 3 and term.startswith(other) for other in found)
    )


def phrase_variants(phrase: list[str]) -> list[tuple[str, ...]]:
    """The primary terms a quoted phrase is matched on, one sequence per language: a
    phrase is found in a text of one language, where its words follow each other."""
    variants = []
    for lang in LANGUAGES:
        analysed = [analyse_word(word, lang) for word in phrase]
        variant = tuple(word.primary for word in analysed if word is not None)
        if variant and variant not in variants:
            variants.append(variant)
    return variants


def matches(term: str, wanted: str) -> bool:
    """Whether an indexed term is found by a query's term: a prefix of 3+ letters, or the
    same term."""
    return term.startswith(wanted) if len(wanted) >= 3 else term == wanted
