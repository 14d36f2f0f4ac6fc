"""What the site's Atom feeds share: plain text, the licence, the language of the address.

The feeds themselves are in their apps (new practices, open calls)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .api import LICENSE_URL
from .i18n import translated
from .text import without_control_characters


def _xml_text(value):
    """Text XML 1.0 can hold: what was stored before the catalogue took such characters
    out (or came another way) must not make the whole feed fail or become unreadable."""
    return without_control_characters(value, multiline=True) if isinstance(value, str) else value


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries say what they are: plain text, as every text of the catalogue.

    Django's Atom1Feed marks each summary `type="html"`, which tells feed readers to
    render a practice's "<img onerror=…>" as markup instead of showing it.
    """

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        item = self.items[-1]
        for key, value in item.items():
            item[key] = _xml_text(value)
        item["categories"] = [_xml_text(category) for category in item["categories"]]

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class CatalogueFeed(Feed):
    feed_type = PlainTextAtom1Feed
    limit = 30

    def feed_copyright(self):
        return f"CC BY 4.0 – {LICENSE_URL}"

    def item_title(self, item):
        return translated(item, self.title_field).value

    def item_description(self, item):
        return translated(item, self.summary_field).value
