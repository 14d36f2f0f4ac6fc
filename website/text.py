"""Text that people type or import: no control characters but tab and line breaks.

C0 control characters (U+0000–U+001F) other than tab, line feed and carriage
return have no place in the catalogue's texts; they arrive by copying from other
programs (a word processor's line break is a vertical tab) or in imported files. Nor
have U+FFFE and U+FFFF, which Unicode reserves as "not a character" and which XML,
and so the Atom feeds, cannot hold.
They are taken out where text enters the catalogue (forms, the admin, the
importer), so that nothing stored trips up a reader, a feed or a backup. A
vertical tab or form feed becomes a line break in text that has lines, and a
space in a single line.
"""

import re

from django import forms

LINE_BREAKS = re.compile(r"[\x0b\x0c]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")


# A database id as people and scripts may send it: ASCII digits only ("²" and "①" pass
# str.isdigit() but not int()), and no more than a 64-bit integer holds.
DATABASE_ID = re.compile(r"[0-9]{1,18}")


def as_id(value) -> int | None:
    """The id the value names, or None if it is not one."""
    return int(value) if DATABASE_ID.fullmatch(str(value)) else None


def without_control_characters(text: str, *, multiline: bool = True) -> str:
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n" if multiline else " ", text))


class PlainTextFormMixin:
    """A form whose cleaned text values hold no control characters (see above)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                field = self.fields.get(name)
                multiline = field is not None and isinstance(field.widget, forms.Textarea)
                cleaned[name] = without_control_characters(value, multiline=multiline)
        return cleaned


class PlainTextModelForm(PlainTextFormMixin, forms.ModelForm):
    """The base of every admin form of the project."""
