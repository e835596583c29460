"""The steps of the filing wizard, one URL each.

A post-review filing takes five steps; a pre-review filing four (its
meeting, its candidates, its review plan, confirmation) on the same URLs.

Every step reads the filing through the user's scope (a filing of another
unit is a 404), saves to the database before moving on, and leaves the rules
to `filing.actions`.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Table
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from approvals.actions import flaggable_items, latest_return
from guides.views import GuideHelpMixin

from .. import actions, documents
from ..filters import CandidateFilterSet
from ..forms import (
    ApplicationIdsForm,
    AttachmentUploadForm,
    BasicInformationForm,
    MeetingForm,
    NoticeForm,
)
from ..models import (
    AttachmentKind,
    DocumentKind,
    Filing,
    GeneratedDocument,
    ReviewMeeting,
)
from ..permissions import filings_of_units
from .columns import ApplicationPaginator, NumberedPageMixin

STEPS = [
    (1, "basic", gettext_lazy("Basic information")),
    (2, "applications", gettext_lazy("Select applications")),
    (3, "attachments", gettext_lazy("Upload attachments")),
    (4, "notice", gettext_lazy("Notice number")),
    (5, "confirm", gettext_lazy("Confirm and submit")),
]
PRE_REVIEW_STEPS = [
    (1, "basic", gettext_lazy("Meeting information")),
    (2, "applications", gettext_lazy("Select candidates")),
    (3, "attachments", gettext_lazy("Upload the review plan")),
    (4, "confirm", gettext_lazy("Confirm and submit")),
]


def steps_for(kind):
    return PRE_REVIEW_STEPS if kind == Filing.Kind.PRE_REVIEW else STEPS


def step_url(filing, name):
    return reverse(f"filing_wizard:{name}", args=[filing.pk])


def counters(filing):
    """The three figures every step shows (DESIGN rule 3)."""
    pool = filing.eligible_pool().aggregate(
        total=Count("pk"), available=Count("pk", filter=~Q(filing.held()))
    )
    selected = filing.selected_applications().count()
    return {
        "selected": selected,
        "available": pool["available"],
        "total": pool["total"],
        "declared": filing.declared_headcount,
        "mismatch": selected != filing.declared_headcount,
    }


def completed_steps(filing, figures):
    done = set()
    if filing.is_pre_review:
        if ReviewMeeting.objects.filter(filing=filing).exists():
            done.add(1)
    elif filing.notice_title.strip():
        done.add(1)
    if figures["selected"] and not figures["mismatch"]:
        done.add(2)
    current_kinds = set(
        filing.attachments.filter(replaced_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    if current_kinds >= {kind.value for kind in filing.attachment_kinds}:
        done.add(3)
    if filing.notice_number and filing.conferred_on:
        done.add(4)
    return done


def wizard_strings():
    """Sentences the wizard's script shows, translated like the rest of the page."""
    return {
        "ticked": _("%(count)s ticked"),
        "queued": _("Waiting to be generated…"),
        "rendering": _("Generating…"),
        "ready": _("Ready: %(pages)s pages."),
        "failed": _("Generating failed; try again."),
        "offline": _("The server cannot be reached; check the connection and reload."),
        "chooseFile": _("Choose a PDF file first."),
        "noFile": _("No file chosen"),
        "tooLarge": _(
            "This file is larger than %(size)s; scan it at a lower resolution."
        )
        % {"size": filesizeformat(settings.SCAN_MAX_BYTES)},
        "uploadFailed": _("The upload failed; try again."),
        "maxBytes": settings.SCAN_MAX_BYTES,
    }


# The step where each thing a return can tick is fixed.
FLAG_STEPS = {
    "notice_title": "basic",
    "declared_headcount": "basic",
    "applications": "applications",
    "notice_number": "notice",
    "conferred_on": "notice",
    "meeting": "basic",
    **{kind.value: "attachments" for kind in AttachmentKind},
}


def returned_with_links(filing):
    """The office's last return, its ticks as (label, link to their step)."""
    step = latest_return(filing)
    if step is None:
        return None
    labels = dict(flaggable_items(filing))
    step.flag_links = [
        (labels[key], step_url(filing, FLAG_STEPS[key]))
        for key in step.flagged
        if key in labels
    ]
    return step


def resume_url(filing):
    """Where a saved draft picks up: its first step not yet done."""
    done = completed_steps(filing, counters(filing))
    for number, name, _label in steps_for(filing.kind):
        if number not in done:
            return step_url(filing, name)
    return step_url(filing, "confirm")


class WizardStepMixin(GuideHelpMixin, WagtailAdminTemplateMixin):
    """Loads the filing in scope and frames the page with the step indicator."""

    step_name = None
    header_icon = "clipboard-list"
    creating = False
    # The kind of filing a creating view starts.
    filing_kind = Filing.Kind.POST_REVIEW
    # Steps only one kind of filing has.
    only_for = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.filing = None if self.creating else self.get_filing()
        if self.filing is not None:
            self.filing_kind = self.filing.kind

    @property
    def steps(self):
        return steps_for(self.filing_kind)

    @property
    def step(self):
        """The number of this view's step among its filing's steps."""
        for number, name, _label in self.steps:
            if name == self.step_name:
                return number
        raise Http404

    def get_filing(self):
        return get_object_or_404(
            filings_of_units(self.request.user).select_related(
                "organizing_unit", "current_office"
            ),
            pk=self.kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("filing.change_filing"):
            raise Http404
        if self.only_for is not None and self.filing_kind != self.only_for:
            raise Http404
        if self.filing is not None and not self.filing.is_editable:
            messages.info(
                request, _("This filing has been submitted; here is where it stands.")
            )
            return redirect(self.filing.details_url)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return Filing.Kind(self.filing_kind).label

    def get_page_subtitle(self):
        return str(self.steps[self.step - 1][2])

    def get_help_places(self):
        # Not yet: the guides describe the post-review steps only, so a
        # pre-review filing shows no help panel until a guide for it is written.
        if self.filing_kind == Filing.Kind.PRE_REVIEW:
            return []
        return [self.step_name]

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_filing_filing:list"),
                "label": _("My filings"),
            },
        ]
        if self.filing is not None:
            resume = reverse("filing_wizard:resume", args=[self.filing.pk])
            items.append({"url": resume, "label": str(self.filing)})
        items.append({"url": "", "label": self.get_page_subtitle()})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filing"] = self.filing
        context["current_step"] = self.step
        context["wizard_strings"] = wizard_strings()
        if self.filing is None:
            context["steps"] = [
                {"number": n, "label": label, "url": None, "done": False}
                for n, _name, label in self.steps
            ]
            return context

        figures = counters(self.filing)
        done = completed_steps(self.filing, figures)
        context["counters"] = figures
        context["returned"] = returned_with_links(self.filing)
        context["steps"] = [
            {
                "number": n,
                "label": label,
                "url": step_url(self.filing, name),
                "done": n in done,
            }
            for n, name, label in self.steps
        ]
        context["meeting"] = meeting_of(self.filing)
        return context

    def next_step_url(self):
        return step_url(self.filing, self.steps[self.step][1])

    def redirect_after_save(self):
        if "continue" in self.request.POST:
            return HttpResponseRedirect(self.next_step_url())
        return HttpResponseRedirect(self.request.get_full_path())

    def form_invalid(self, form):
        # The page comes back at its top, where the fields at fault may be
        # out of sight: say there that nothing was saved and why.
        messages.error(
            self.request, _("Nothing was saved: correct the fields marked below.")
        )
        return super().form_invalid(form)

    def refuse(self, form, error):
        """Put an action's refusal beside its field, or above the form."""
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return self.form_invalid(form)


def meeting_of(filing):
    """The meeting a filing registers, or the one whose results it reports."""
    source = filing.pre_review if filing.pre_review_id else filing
    return ReviewMeeting.objects.filter(filing=source).select_related("series").first()


# Step 1


class BasicInformationView(WizardStepMixin, FormView):
    step_name = "basic"
    template_name = "filing/wizard/basic.html"
    form_class = BasicInformationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["instance"] = self.filing
        return kwargs

    def form_valid(self, form):
        fields = {
            name: form.cleaned_data[name]
            for name in form.fields
            if not form.fields[name].disabled
        }
        try:
            if self.filing is None:
                self.filing = actions.create_filing(self.request.user, **fields)
                messages.success(
                    self.request, _("Draft saved. Now select the applications.")
                )
                return HttpResponseRedirect(step_url(self.filing, "applications"))
            actions.update_basic_information(self.request.user, self.filing, **fields)
        except actions.FilingError as error:
            return self.refuse(form, error)
        messages.success(self.request, _("Basic information saved."))
        return self.redirect_after_save()

    def get_form_class(self):
        if self.filing_kind == Filing.Kind.PRE_REVIEW:
            return MeetingForm
        return self.form_class

    def get_template_names(self):
        if self.filing_kind == Filing.Kind.PRE_REVIEW:
            return ["filing/wizard/meeting.html"]
        return super().get_template_names()

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if isinstance(form, MeetingForm):
            form.findings_of_saved()
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.filing is not None and not self.filing.is_pre_review:
            context["suggested_title"] = documents.suggested_notice_title_for(
                self.filing
            )
            context["field_problems"] = {
                problem.field: problem.message
                for problem in actions.submission_problems(self.filing)
                if problem.step == 1 and problem.field == "pre_review"
            }
        return context


class MeetingFormMixin:
    """Step 1 of a pre-review filing: the meeting, saved with the filing."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.filing_kind == Filing.Kind.PRE_REVIEW:
            kwargs.pop("instance")
            kwargs["filing"] = self.filing
        return kwargs

    def form_valid(self, form):
        if not isinstance(form, MeetingForm):
            return super().form_valid(form)
        user = self.request.user
        try:
            if self.filing is None:
                self.filing = actions.create_pre_review_filing(
                    user, meeting=form.meeting_fields(), **form.filing_fields()
                )
                messages.success(
                    self.request, _("Draft saved. Now select the candidates.")
                )
                return HttpResponseRedirect(step_url(self.filing, "applications"))
            actions.update_meeting(user, self.filing, **form.meeting_fields())
            actions.update_basic_information(user, self.filing, **form.filing_fields())
        except actions.FilingError as error:
            return self.refuse(form, error)
        messages.success(self.request, _("Meeting information saved."))
        return self.redirect_after_save()


class FirstStepView(MeetingFormMixin, BasicInformationView):
    pass


class CreateFilingView(FirstStepView):
    creating = True

    def get_filing(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("filing.add_filing"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CreatePreReviewFilingView(CreateFilingView):
    filing_kind = Filing.Kind.PRE_REVIEW


# Step 2


class ApplicationsView(WizardStepMixin, NumberedPageMixin, BaseListingView):
    step_name = "applications"
    template_name = "filing/wizard/applications.html"
    results_template_name = "filing/wizard/applications_results.html"
    paginate_by = 50
    paginator_class = ApplicationPaginator
    default_ordering = "number"
    filterset_class = CandidateFilterSet
    page_kwarg = "p"

    @cached_property
    def tab(self):
        return "selected" if self.request.GET.get("tab") == "selected" else "candidates"

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["filing"] = self.filing
        return kwargs

    def get_base_queryset(self):
        if self.tab == "selected":
            queryset = self.filing.selected_applications()
        else:
            queryset = self.filing.free_candidates()
        return queryset.select_related("qualification__series")

    def order_queryset(self, queryset):
        # The application number breaks ties, so pages never overlap.
        ordering = self.ordering
        return queryset.order_by(ordering, "number") if ordering else queryset

    # (sort key, column label); the table is one template loop rather than
    # Wagtail's per-cell components, which cost ~1 ms a cell on 50 rows.
    sortable = {
        "number": gettext_lazy("Application number"),
        "employer": gettext_lazy("Employer"),
        "recommending_unit": gettext_lazy("Recommending unit"),
        "qualification__name": gettext_lazy("Qualification"),
    }

    def get_valid_orderings(self):
        return [key for name in self.sortable for key in (name, f"-{name}")]

    def paginate_queryset(self, queryset, page_size):
        paginated = super().paginate_queryset(queryset, page_size)
        # Formatted here: Django's date filter costs a millisecond a row.
        for application in paginated[2]:
            reviewed_at = application.reviewed_at
            application.reviewed_display = (
                timezone.localtime(reviewed_at).strftime("%Y-%m-%d %H:%M:%S")
                if reviewed_at
                else ""
            )
        return paginated

    def get_table(self, object_list):
        # Only the table's media is used; the rows are rendered by the template.
        return Table([], object_list)

    def sort_links(self):
        """For each sortable column: the URL that sorts by it, and its state."""
        links = {}
        for name in self.sortable:
            query = self.request.GET.copy()
            query.pop(self.page_kwarg, None)
            query.pop("_w_filter_fragment", None)
            query["ordering"] = f"-{name}" if self.ordering == name else name
            state = {name: "ascending", f"-{name}": "descending"}.get(self.ordering)
            links[name] = {
                "url": f"{self.get_index_url()}?{query.urlencode()}",
                "state": state,
            }
        return links

    def get_index_url(self):
        return step_url(self.filing, "applications")

    def get_index_results_url(self):
        return reverse("filing_wizard:applications_results", args=[self.filing.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort_links"] = self.sort_links()
        context["can_reveal_id_numbers"] = self.request.user.has_perm(
            "filing.view_full_id_number"
        )
        context["tab"] = self.tab
        context["tab_urls"] = {
            tab: f"{self.get_index_url()}?tab={tab}"
            for tab in ("candidates", "selected")
        }
        context["query_string"] = self.request.GET.urlencode()
        return context

    def post(self, request, *args, **kwargs):
        form = ApplicationIdsForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("__all__", []) + form.errors.get(
                "application", []
            ):
                messages.error(request, error)
            return HttpResponseRedirect(request.get_full_path())

        if form.cleaned_data["all_matching"]:
            chosen = self.get_queryset()
        else:
            chosen = form.cleaned_data["application"]
        try:
            if request.POST.get("operation") == "remove":
                removed = actions.deselect_applications(
                    request.user, self.filing, chosen
                )
                messages.success(
                    request,
                    _("%(count)d applications removed from this filing.")
                    % {"count": removed},
                )
            else:
                self.report_selection(
                    actions.select_applications(request.user, self.filing, chosen)
                )
        except actions.FilingError as error:
            messages.error(request, str(error.message))
        return HttpResponseRedirect(request.get_full_path())

    def report_selection(self, result):
        if result.added:
            messages.success(
                self.request,
                _("%(count)d applications added to this filing.")
                % {"count": result.added},
            )
        if result.unavailable:
            messages.warning(
                self.request,
                _(
                    "%(count)d applications were not added: another filing holds "
                    "them, or they do not belong to this filing's pool."
                )
                % {"count": result.unavailable},
            )


class ApplicationsResultsView(ApplicationsView):
    results_only = True


class RevealIdNumberView(WizardStepMixin, View):
    """The full ID number of one application, for those allowed; logged."""

    step_name = "applications"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = get_object_or_404(
            self.filing.eligible_pool(), pk=kwargs["application_pk"]
        )
        try:
            id_number = actions.reveal_id_number(request.user, application)
        except actions.FilingError as error:
            return JsonResponse({"error": str(error.message)}, status=403)
        return JsonResponse({"id_number": id_number})


# Step 3


class AttachmentsView(WizardStepMixin, TemplateView):
    step_name = "attachments"
    template_name = "filing/wizard/attachments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = document_states(self.filing)
        context["slots"] = attachment_slots(self.filing, kwargs.get("upload_form"))
        context["max_bytes"] = settings.SCAN_MAX_BYTES
        context["next_url"] = self.next_step_url()
        return context

    def post(self, request, *args, **kwargs):
        form = AttachmentUploadForm(request.POST, request.FILES)
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment = actions.upload_attachment(
                    request.user,
                    self.filing,
                    form.cleaned_data["kind"],
                    upload,
                    upload.scan_report,
                )
            except actions.FilingError as error:
                form.add_error(None, str(error.message))
            else:
                message = _("%(attachment)s uploaded: %(name)s") % {
                    "attachment": attachment.get_kind_display(),
                    "name": attachment.original_name,
                }
                if wants_json:
                    return JsonResponse({"ok": True, "message": message})
                messages.success(request, message)
                return HttpResponseRedirect(request.get_full_path())

        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        if wants_json:
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        return self.render_to_response(self.get_context_data(upload_form=form))


def document_states(filing):
    if filing.is_pre_review:
        return []
    existing = {document.kind: document for document in filing.documents.all()}
    states = []
    for kind in DocumentKind:
        document = existing.get(kind.value)
        current = documents.document_fingerprint(filing, kind)
        stale = document is None or document.fingerprint != current
        states.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "document": document,
                "stale": stale,
                "status_url": reverse(
                    "filing_wizard:document", args=[filing.pk, kind.value]
                ),
                "download_url": reverse(
                    "filing_files:document", args=[filing.pk, kind.value]
                ),
            }
        )
    return states


def attachment_slots(filing, form=None):
    """One upload slot per kind: its current scan and the ones it replaced."""
    by_kind = {kind.value: [] for kind in filing.attachment_kinds}
    for attachment in filing.attachments.select_related("uploaded_by").order_by(
        "-uploaded_at"
    ):
        by_kind.setdefault(attachment.kind, []).append(attachment)
    slots = []
    for kind in filing.attachment_kinds:
        versions = by_kind[kind.value]
        current = versions[0] if versions and versions[0].replaced_at is None else None
        slots.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "current": current,
                "history": [v for v in versions if v is not current],
                "errors": form.errors
                if form and form.data.get("kind") == kind.value
                else None,
            }
        )
    return slots


class DocumentView(WizardStepMixin, TemplateView):
    """GET: how a generated document's render is going. POST: (re)request it."""

    step_name = "attachments"
    only_for = Filing.Kind.POST_REVIEW

    def dispatch(self, request, *args, **kwargs):
        try:
            self.kind = DocumentKind(kwargs["kind"])
        except ValueError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        document = self.filing.documents.filter(kind=self.kind).first()
        return JsonResponse(self.describe(document))

    def post(self, request, *args, **kwargs):
        document = actions.request_document(request.user, self.filing, self.kind)
        return JsonResponse(self.describe(document))

    def describe(self, document):
        if document is None:
            return {"status": "missing", "stale": True}
        return {
            "status": document.status,
            "status_label": document.get_status_display(),
            "stale": document.fingerprint
            != documents.document_fingerprint(self.filing, self.kind),
            "error": document.error_message,
            "pages": document.page_count,
            "size": document.size,
            "download_url": reverse(
                "filing_files:document", args=[self.filing.pk, self.kind.value]
            )
            if document.status == GeneratedDocument.Status.READY
            else None,
        }


# Step 4


class NoticeView(WizardStepMixin, FormView):
    step_name = "notice"
    template_name = "filing/wizard/notice.html"
    form_class = NoticeForm

    def get_initial(self):
        return {
            "notice_number": self.filing.notice_number,
            "conferred_on": self.filing.conferred_on,
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["filing"] = self.filing
        return kwargs

    def form_valid(self, form):
        try:
            actions.set_notice(
                self.request.user,
                self.filing,
                notice_number=form.cleaned_data["notice_number"],
                conferred_on=form.cleaned_data["conferred_on"],
            )
        except actions.FilingError as error:
            return self.refuse(form, error)
        messages.success(self.request, _("Notice number and conferred date saved."))
        return self.redirect_after_save()


# Step 5


class ConfirmView(WizardStepMixin, TemplateView):
    step_name = "confirm"
    template_name = "filing/wizard/confirm.html"
    preview_rows = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selected = self.filing.selected_applications().select_related("qualification")
        context["problems"] = kwargs.get(
            "problems", actions.submission_problems(self.filing)
        )
        context["step_urls"] = {
            n: step_url(self.filing, name) for n, name, _l in self.steps
        }
        context["back_url"] = step_url(self.filing, self.steps[-2][1])
        context["applications"] = selected.order_by("number")[: self.preview_rows]
        context["attachments"] = self.filing.attachments.filter(
            replaced_at__isnull=True
        ).in_kind_order()
        return context

    def post(self, request, *args, **kwargs):
        try:
            filing = actions.submit_filing(request.user, self.filing)
        except actions.SubmissionRefused as refusal:
            messages.error(request, str(refusal.message))
            return self.render_to_response(
                self.get_context_data(problems=refusal.problems)
            )
        except actions.FilingError as error:
            messages.error(request, str(error.message))
            return self.render_to_response(self.get_context_data())
        messages.success(
            request,
            _("Submitted to %(office)s.")
            % {"office": filing.current_office.localized_name},
        )
        return redirect(filing.details_url)


# Resuming and deleting a draft


class ResumeView(WizardStepMixin, TemplateView):
    step_name = "basic"

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(resume_url(self.filing))


class DeleteDraftView(WizardStepMixin, TemplateView):
    step_name = "basic"
    template_name = "filing/wizard/delete.html"

    def get_page_subtitle(self):
        return _("Delete draft")

    def post(self, request, *args, **kwargs):
        title = str(self.filing)
        try:
            actions.delete_draft(request.user, self.filing)
        except actions.FilingError as error:
            messages.error(request, str(error.message))
            return HttpResponseRedirect(resume_url(self.filing))
        messages.success(request, _("Draft “%(title)s” deleted.") % {"title": title})
        return redirect("wagtailsnippets_filing_filing:list")
