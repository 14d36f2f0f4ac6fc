"""Form fields rendered accessibly: labels, help and errors tied to the input."""

from django import template

register = template.Library()


def described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    return " ".join(ids)


@register.simple_tag
def field_widget(field):
    """The input with aria-describedby pointing at its help and errors, and aria-invalid."""
    attrs = {}
    if not field.field.widget.use_fieldset:
        if described := described_by(field):
            attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def describedby(field) -> str:
    return described_by(field)


@register.simple_tag
def error_count(form) -> int:
    return len(form.non_field_errors()) + sum(len(field.errors) for field in form)
