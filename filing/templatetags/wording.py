"""`{{ labels|listed }}`: a list worded the way the reader's language writes it."""

from django import template

from config.wording import listed

register = template.Library()
register.filter("listed", listed)
