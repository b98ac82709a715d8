"""Template helpers: form widgets rendered with NL Design System (Utrecht) classes."""

from django import forms, template
from django.utils.html import format_html
from django.utils.translation import get_language

from guidance_ethics.lib.language import text_language

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


@register.filter
def lang_of(item) -> str:
    """``lang="en"`` for a text in the other language than the page's (WCAG 3.1.2): a state
    or event dict (``lang``) or a row with a ``language``; nothing when it is the page's or
    not known."""
    if isinstance(item, str):  # a text without a stored language (a report's line)
        language = text_language(item)
    elif isinstance(item, dict):
        language = item.get("lang", "")
    else:
        language = getattr(item, "language", "")
    page = "en" if (get_language() or "nl").startswith("en") else "nl"
    return format_html(' lang="{}"', language) if language and language != page else ""
