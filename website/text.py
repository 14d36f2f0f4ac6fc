"""Text that people type or import: no control characters but tab and line breaks.

C0 control characters (U+0000–U+001F) other than tab, line feed and carriage
return have no place in the catalogue's texts; they arrive by copying from other
programs (a word processor's line break is a vertical tab) or in imported files. Nor
have U+FFFE and U+FFFF, which Unicode reserves as "not a character" and which XML,
and so the Atom feeds, cannot hold.
They are taken out where text enters the catalogue (forms, the admin, the
importer), so that nothing stored trips up a reader, a feed or a backup. A
vertical tab or form feed becomes a line break in text that has lines.

A single line (a name, an organisation, a title: every form field that is not a
text area) is one line wherever it is shown: each run of line breaks of any kind
(those `str.splitlines` knows, and tab) becomes one space, and the C1 control
characters and the controls that turn the direction of the text after them
(U+202A–U+202E, U+2066–U+2069) are taken out. A browser sends no line break from a
one-line field, so only a script can: a name, a line break and "E-mail:
someone@else" put a line of its own into the e-mail to a practice's owner, just above
the real address. Joiners and direction marks (U+200C, U+200D, U+200E, U+200F) stay:
Persian, the Indic scripts and emoji need them, and they reverse no text.
"""

import re
import unicodedata

from django import forms

LINE_BREAKS = re.compile(r"[\x0b\x0c]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
# Every line break str.splitlines() knows, and tab.
ONE_LINE_BREAKS = re.compile(r"[\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]+")
ONE_LINE_INVISIBLE = re.compile(r"[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


# A database id as people and scripts may send it: ASCII digits only ("²" and "①" pass
# str.isdigit() but not int()), and no more than a 64-bit integer holds.
DATABASE_ID = re.compile(r"[0-9]{1,18}")


def as_id(value) -> int | None:
    """The id the value names, or None if it is not one."""
    return int(value) if DATABASE_ID.fullmatch(str(value)) else None


def without_control_characters(text: str, *, multiline: bool = True) -> str:
    if not multiline:
        return one_line(text)
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", text))


def one_line(text: str) -> str:
    """The text as a single line (see above)."""
    text = ONE_LINE_BREAKS.sub(" ", text)
    return ONE_LINE_INVISIBLE.sub("", CONTROL_CHARACTERS.sub("", text))


# Characters a mail system reads as nothing: soft hyphen, zero-width and format
# characters (Unicode category Cf), the combining grapheme joiner, variation selectors
# and the Hangul fillers.
IGNORABLE = re.compile(r"[\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# A local part that needs no quotes: quoting it changes nothing of where mail goes.
PLAIN_LOCAL_PART = re.compile(r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*")


def email_address(text: str) -> str:
    """The address as mail is delivered to it: one spelling for one mailbox.

    Anyone can type anyone's address, and an address counts how much mail the site's
    forms may send it (`outbox.services.typed_address_has_room`). But a mail system
    delivers "bob@exa\u00admple.net", "bob@ｅxample.net", "\"bob\"@example.net" and
    "bob@example.net" to one mailbox: the domain is read through IDNA (which drops
    soft hyphens and zero-width characters, maps full-width letters and folds case),
    and quotes around a plain local part mean nothing. So the address is kept in that
    one form: compatibility characters unified (NFKC), the characters a mail system
    ignores taken out, needless quotes removed, and the domain as IDNA reads it, in
    Unicode (ääkkönen.fi, not xn--kknen-fraa0m.fi). A domain IDNA cannot read is left
    as typed: the address is then refused as invalid anyway.
    """
    text = unicodedata.normalize("NFKC", one_line(text)).strip()
    text = "".join(char for char in IGNORABLE.sub("", text) if unicodedata.category(char) != "Cf")
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    if len(local) > 2 and local[0] == local[-1] == '"' and PLAIN_LOCAL_PART.fullmatch(local[1:-1]):
        local = local[1:-1]
    try:
        # IDNA folds the case of the labels it maps, not of those already ASCII.
        domain = domain.encode("idna").decode("idna").lower()
    except UnicodeError:
        pass
    return f"{local}@{domain}"


class PlainTextFormMixin:
    """A form whose texts hold no control characters, whose one-line fields one line,
    and whose e-mail addresses are spelt as mail is delivered to them (see above).
    What was typed is cleaned before the fields check it, so that their lengths count
    what is kept, and a text of nothing else is refused as empty instead of being
    saved empty."""

    def full_clean(self):
        if self.is_bound:
            self.data = self.plain_text(self.data)
        super().full_clean()

    def plain_text(self, data):
        """A copy of the typed `data` with every field's text cleaned."""
        data = data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if key not in data or isinstance(field.widget, forms.FileInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            address = isinstance(field, forms.EmailField)

            def clean(value, multiline=multiline, address=address):
                if not isinstance(value, str):
                    return value
                if address:
                    return email_address(value)
                return without_control_characters(value, multiline=multiline)

            if hasattr(data, "setlist"):  # a QueryDict: every value of the name
                data.setlist(key, [clean(value) for value in data.getlist(key)])
            elif isinstance(data[key], list | tuple):
                data[key] = [clean(value) for value in data[key]]
            else:
                data[key] = clean(data[key])
        return data


class PlainTextModelForm(PlainTextFormMixin, forms.ModelForm):
    """The base of every admin form of the project."""
