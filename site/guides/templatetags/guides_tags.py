from django import template

from ..help import help_for

register = template.Library()


@register.simple_tag
def guide_help_for(place):
    """The guides with sections tied to `place`, for the help panel."""
    return help_for(place)
