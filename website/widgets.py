"""Django's admin widgets, each part named for those who cannot see the layout."""

from django.contrib.admin import widgets


class NamedSplitDateTime(widgets.AdminSplitDateTime):
    """A moment as a date box and a time box, each with a label of its own that names its
    field ("Opens at, date:"); Django's shows "Date:" and "Time:" as bare text, so the
    two boxes have no name (templates/admin/widgets/named_split_datetime.html)."""

    template_name = "admin/widgets/named_split_datetime.html"

    def __init__(self, attrs=None, *, label: str = ""):
        super().__init__(attrs)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["field_label"] = self.label
        return context


class AutocompleteSelectMultiple(widgets.AutocompleteSelectMultiple):
    """A multiple choice searched as you type, without select2's "remove all" cross:
    select2 puts it inside its list of choices (a list holding a non-item) where no
    keyboard reaches it; each chosen item keeps its own cross."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs
