from django import template
from django.utils import formats, translation

from website.i18n import FALLBACK_NOTES, TranslatedText, translated

register = template.Library()


@register.simple_tag
def translated_text(instance, field: str) -> TranslatedText:
    """`{% translated_text practice "summary" as summary %}`: the text and its language."""
    return translated(instance, field)


@register.simple_tag
def fallback_note(lang: str) -> str:
    return FALLBACK_NOTES.get(lang, "")


@register.simple_tag
def elided_pages(page_obj):
    """Page numbers around the current page, with an ellipsis for the long gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def euros(amount) -> str:
    """A sum of money in whole euros as the page's language writes it: "€140,000" in
    English, "140 000 €" in Finnish and Swedish (grouped by a no-break space)."""
    if amount is None or amount == "":
        return ""
    number = formats.number_format(round(amount), decimal_pos=0, force_grouping=True)
    if translation.get_language() == "en":
        return f"€{number}"
    return f"{number}\N{NO-BREAK SPACE}€"


@register.simple_tag
def selection_count(facets) -> int:
    """How many choices are ticked across a list's facets: the phone's "Filter (n)"."""
    return sum(facet.selected_count for facet in facets)


@register.simple_tag
def any_facet_errors(facets) -> bool:
    return any(facet.errors for facet in facets)
