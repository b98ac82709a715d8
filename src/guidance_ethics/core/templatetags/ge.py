"""Template helpers: form widgets rendered with NL Design System (Utrecht) classes."""

from django import forms, template
from django.utils.translation import get_language

register = template.Library()

WIDGET_CLASSES = [
    (forms.Textarea, "utrecht-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-checkbox"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
]


@register.filter
def utrecht(bound_field):
    """Render a field's widget with the component class and accessible descriptions."""
    widget = bound_field.field.widget
    css = next((name for kind, name in WIDGET_CLASSES if isinstance(widget, kind)), "")
    attrs = {"class": css}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
        if css:
            attrs["class"] += " " + css.split()[0] + "--invalid"
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def value_label(value) -> str:
    """A value's name in the page's language: a state or event dict (``names``, ``name``)."""
    names = value.get("names") or {}
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    return names.get(language) or value.get("name", "")
