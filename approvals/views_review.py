"""The offices' decisions on a filing, and the filer's withdrawal.

The buttons live on the filing's detail page; each posts here with the id of
the last step the user saw. Returning (and refusing consent) takes a reason
and ticks, so it has a page of its own where the form's errors sit beside
their fields. Every view finds the filing among those the user may see, so
any other id is a 404, and leaves the rules to `approvals.actions`.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from filing import actions as filing_actions
from filing.permissions import visible_filings
from guides import blocks as guide_places
from guides.views import GuideHelpMixin

from . import actions


def detail_url(filing):
    return redirect(filing.details_url)


class SeenStepField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


class DecisionForm(forms.Form):
    seen_step_id = SeenStepField()


class SendBackForm(DecisionForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy(
            "The filer reads this: say what is wrong and how to fix it."
        ),
    )
    flagged = forms.MultipleChoiceField(
        label=gettext_lazy("What to fix"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Tick the attachments and fields that are wrong."),
    )

    def __init__(self, *args, filing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flagged"].choices = actions.flaggable_items(filing)


class FilingInScopeMixin:
    """Loads the filing among those the user may see; anything else is a 404.

    Pages with a title show it after the filing in the breadcrumbs.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.filing = get_object_or_404(
            visible_filings(request.user).select_related(
                "organizing_unit", "current_office", "current_stop"
            ),
            pk=kwargs["pk"],
        )

    @cached_property
    def filing_url(self):
        return detail_url(self.filing).url

    def get_page_subtitle(self):
        return str(self.filing)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.filing_url, "label": str(self.filing)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filing"] = self.filing
        context["cancel_url"] = self.filing_url
        return context


# Decisions taken with one button.
ONE_STEP_DECISIONS = {
    "pass": (actions.pass_review, gettext_lazy("Formal review passed.")),
    "forward": (actions.forward, gettext_lazy("Forwarded to %(office)s.")),
    "consent": (
        actions.give_consent,
        gettext_lazy("Consent given; forwarded to %(office)s."),
    ),
    "approve": (actions.approve, gettext_lazy("Approved.")),
}


class DecisionView(FilingInScopeMixin, View):
    """Pass, forward, consent or approve: one POST, then back to the filing."""

    http_method_names = ["post"]

    def post(self, request, pk, decision):
        if decision not in ONE_STEP_DECISIONS:
            raise Http404
        action, done = ONE_STEP_DECISIONS[decision]
        form = DecisionForm(request.POST)
        if not form.is_valid():
            # Only a tampered form gets here; treat it like a stale page.
            messages.error(request, str(actions.AlreadyActed.message))
            return detail_url(self.filing)
        seen = form.cleaned_data["seen_step_id"]
        try:
            filing = action(request.user, self.filing, seen_step_id=seen)
        except filing_actions.FilingError as error:
            messages.error(request, str(error.message))
            return detail_url(self.filing)
        messages.success(request, done % {"office": filing.current_office})
        return detail_url(filing)


class SendBackView(
    FilingInScopeMixin, GuideHelpMixin, WagtailAdminTemplateMixin, FormView
):
    """Return the filing for changes, or refuse consent: a reason and ticks."""

    form_class = SendBackForm
    template_name = "approvals/send_back.html"
    header_icon = "clipboard-list"
    help_places = [guide_places.SEND_BACK]
    decision = "return"

    def dispatch(self, request, *args, **kwargs):
        if self.decision not in actions.available_actions(request.user, self.filing):
            messages.error(request, str(actions.NotAtYourOffice.message))
            return detail_url(self.filing)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        if self.decision == "refuse_consent":
            return _("Refuse consent")
        return _("Return for changes")

    def get_initial(self):
        return {"seen_step_id": actions.last_step_id(self.filing)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "filing": self.filing}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision"] = self.decision
        return context

    def form_valid(self, form):
        act = (
            actions.refuse_consent
            if self.decision == "refuse_consent"
            else actions.return_filing
        )
        try:
            act(
                self.request.user,
                self.filing,
                reason=form.cleaned_data["reason"],
                flagged=form.cleaned_data["flagged"],
                seen_step_id=form.cleaned_data["seen_step_id"],
            )
        except filing_actions.FilingError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
            return self.form_invalid(form)
        messages.success(self.request, _("Returned to the filer with your reasons."))
        return detail_url(self.filing)


class RefuseConsentView(SendBackView):
    decision = "refuse_consent"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class WithdrawView(
    FilingInScopeMixin, GuideHelpMixin, WagtailAdminTemplateMixin, FormView
):
    """The filer takes back a submitted filing no office has acted on yet."""

    form_class = WithdrawForm
    template_name = "approvals/withdraw.html"
    header_icon = "clipboard-list"
    help_places = [guide_places.WITHDRAW]

    def dispatch(self, request, *args, **kwargs):
        if not filing_actions.can_withdraw(request.user, self.filing):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Withdraw filing")

    def form_valid(self, form):
        try:
            filing_actions.withdraw_filing(
                self.request.user, self.filing, reason=form.cleaned_data["reason"]
            )
        except filing_actions.FilingError as error:
            messages.error(self.request, str(error.message))
            return detail_url(self.filing)
        messages.success(
            self.request,
            _("The filing was withdrawn; its applications can be filed again."),
        )
        return redirect("wagtailsnippets_filing_filing:list")


class ReviewViewSet(ViewSet):
    """The URLs behind the decision buttons of a filing's detail page."""

    name = "review"
    url_prefix = "approvals/review"

    def get_urlpatterns(self):
        return [
            path("<int:pk>/return/", SendBackView.as_view(), name="return"),
            path(
                "<int:pk>/refuse-consent/",
                RefuseConsentView.as_view(),
                name="refuse_consent",
            ),
            path("<int:pk>/withdraw/", WithdrawView.as_view(), name="withdraw"),
            path("<int:pk>/<slug:decision>/", DecisionView.as_view(), name="decide"),
        ]
