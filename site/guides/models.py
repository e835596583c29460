"""Procedure guides: an index and the guide pages below it, in zh-hans and ug."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import GuideBodyBlock


@dataclass
class Section:
    """One section of a guide's body, with its number when it is a step."""

    block: object
    number: int | None

    @property
    def wizard_step(self):
        return self.block.value.get("wizard_step") or ""

    @property
    def field(self):
        return self.block.value.get("field") or ""


class GuideIndexPage(Page):
    """Where the guides live; one per language."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the list of guides.")
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["guides.GuidePage"]
    template = "guides/guide_index_page.html"

    class Meta:
        verbose_name = _("guide index")
        verbose_name_plural = _("guide indexes")


class GuidePage(Page):
    """A guide to one procedure, in sections that can show beside the wizard."""

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(GuideBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("body")]

    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = []
    template = "guides/guide_page.html"

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def sections(self):
        """Every section in order; numbered steps count from 1."""
        sections, number = [], 0
        for block in self.body:
            if block.block_type == "step":
                number += 1
                sections.append(Section(block, number))
            else:
                sections.append(Section(block, None))
        return sections

    def sections_for(self, *places):
        """The sections tied to any of `places` (wizard steps or review pages)."""
        # Read from the raw data first: reading the body itself loads its
        # screenshots, one query per guide, even for a guide with nothing here.
        raw = self.body.raw_data
        if not any(item["value"].get("wizard_step") in places for item in raw):
            return []
        return [s for s in self.sections() if s.wizard_step in places]
