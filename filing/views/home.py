"""The filing administrator's panel on the admin dashboard."""

from wagtail.admin.ui.components import Component

from ..models import Filing
from ..permissions import filings_of_units


class MyFilingsPanel(Component):
    """Drafts and returned filings to carry on with, and the latest at the offices."""

    name = "my_filings"
    order = 50
    template_name = "filing/home/my_filings_panel.html"
    shown = 5

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        filings = (
            filings_of_units(self.request.user)
            .select_related("current_office")
            .order_by("-last_action_at")
        )
        return {
            "drafts": filings.filter(status__in=Filing.EDITABLE_STATUSES)[: self.shown],
            "submitted": filings.exclude(status__in=Filing.EDITABLE_STATUSES)[
                : self.shown
            ],
        }
