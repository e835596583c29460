"""Keep numbers, codes and names in their order inside right-to-left sentences.

In a Uyghur sentence, a certificate number, a masked ID number or a date and
time made of several digit groups can come out reversed or torn apart by the
Unicode bidirectional algorithm. Each filter wraps its value in its own
isolate, so the sentence around it flows right to left and the value keeps
its own order.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def ltr(value):
    """A number, code or date: always read left to right, e.g. RST-2026-000123."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def isolated(value):
    """A name or title in Chinese or Uyghur: its own direction, isolated."""
    return format_html("<bdi>{}</bdi>", value)
