"""Importing applications from a spreadsheet: upload, preview, confirm.

The uploaded file is kept in private storage under its SHA-256 between the
preview and the confirmation; the pages pass a signed token naming that
hash, the file name, the unit and the year, bound to the user. The
confirmation reads the stored file again and checks every row again: nothing
the browser sends back is taken as the rows.
"""

import datetime
import hashlib

from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import actions, intake, spreadsheets
from ..forms import ApplicationImportForm
from ..intake import Outcome
from ..permissions import importing_units
from ..validators import mask_id_number

TOKEN_SALT = "filing.application_import"
# How long a preview can wait for its confirmation.
TOKEN_MAX_AGE = datetime.timedelta(hours=24)
ROWS_PER_PAGE = 100
LEFT_TO_RIGHT = {"number", "id_number", "reviewed_at", "review_year"}


def stored_path(user, sha256):
    return f"imports/{user.pk}/{sha256}"


def storage():
    return storages["private"]


def forget_expired_uploads(user):
    """Delete the user's uploads whose preview can no longer be confirmed."""
    folder = f"imports/{user.pk}"
    if not storage().exists(folder):
        return
    expired_before = timezone.now() - TOKEN_MAX_AGE
    for name in storage().listdir(folder)[1]:
        path = f"{folder}/{name}"
        if storage().get_modified_time(path) < expired_before:
            storage().delete(path)


class ImportMixin(WagtailAdminTemplateMixin):
    """Only filing administrators with units to import for reach these pages."""

    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not self.units:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def units(self):
        return list(importing_units(self.request.user))

    def get_page_title(self):
        return _("Import applications")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("filing_import:upload"), "label": _("Import applications")},
        ]


class UploadView(ImportMixin, FormView):
    template_name = "filing/import/upload.html"
    form_class = ApplicationImportForm

    def get_form_kwargs(self):
        units = importing_units(self.request.user)
        return {**super().get_form_kwargs(), "units": units}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "max_bytes": spreadsheets.max_bytes(),
            "max_rows": intake.MAX_ROWS,
            "columns": spreadsheets.TEMPLATE_COLUMNS,
        }

    def form_valid(self, form):
        uploaded = form.cleaned_data["file"]
        try:
            # Refused before the upload is read into memory.
            spreadsheets.check_size(uploaded.size)
            data = uploaded.read()
            # The whole file is read by the preview; here only what shows
            # at once that it is not a file of applications.
            spreadsheets.read_applications(data, uploaded.name, header_only=True)
        except spreadsheets.UnreadableFile as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)

        sha256 = hashlib.sha256(data).hexdigest()
        path = stored_path(self.request.user, sha256)
        # Written afresh even when a file of the same hash is there: that one
        # may have been damaged since, and the preview trusts only the hash.
        storage().delete(path)
        storage().save(path, ContentFile(data))
        forget_expired_uploads(self.request.user)
        token = signing.dumps(
            {
                "sha256": sha256,
                "name": uploaded.name,
                "unit": form.cleaned_data["organizing_unit"].pk,
                "year": form.cleaned_data["review_year"],
            },
            salt=f"{TOKEN_SALT}:{self.request.user.pk}",
        )
        return HttpResponseRedirect(reverse("filing_import:preview", args=[token]))


class StoredImportMixin(ImportMixin):
    """Reads back the file a token names, and judges its rows."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.upload = None

    def dispatch(self, request, *args, **kwargs):
        if not self.units:
            raise Http404
        self.upload = self.read_token(kwargs["token"])
        if self.upload is None:
            messages.error(
                request,
                _("This preview has expired or is not yours; upload the file again."),
            )
            return HttpResponseRedirect(reverse("filing_import:upload"))
        return super().dispatch(request, *args, **kwargs)

    def read_token(self, token):
        user = self.request.user
        try:
            upload = signing.loads(
                token, salt=f"{TOKEN_SALT}:{user.pk}", max_age=TOKEN_MAX_AGE
            )
        except signing.BadSignature:
            return None
        path = stored_path(user, upload["sha256"])
        if not storage().exists(path):
            return None
        with storage().open(path, "rb") as stored:
            data = stored.read()
        if hashlib.sha256(data).hexdigest() != upload["sha256"]:
            return None
        unit = next((u for u in self.units if u.pk == upload["unit"]), None)
        if unit is None:
            return None
        return {**upload, "data": data, "path": path, "unit": unit}

    @cached_property
    def sheet(self):
        return spreadsheets.read_applications(self.upload["data"], self.upload["name"])

    def options(self):
        return {
            "organizing_unit": self.upload["unit"],
            "review_year": self.upload["year"],
            "lines": self.sheet.lines,
        }


class PreviewView(StoredImportMixin, TemplateView):
    """Every row's verdict, a page at a time.

    Each page reads the stored file and checks its rows again (about ten
    seconds for 20,000 rows on two busy cores): nothing is cached between
    requests, so what the page shows is what the database says now.
    """

    template_name = "filing/import/preview.html"

    def get(self, request, *args, **kwargs):
        try:
            self.sheet  # noqa: B018 (reads the file, to refuse it before the page)
        except spreadsheets.UnreadableFile as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("filing_import:upload"))
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.upload["name"]

    def get_context_data(self, **kwargs):
        batch = actions.check_import(
            self.request.user, self.sheet.rows, **self.options()
        )
        shown = self.request.GET.get("show", "")
        verdicts = batch.verdicts
        if shown in Outcome.LABELS:
            verdicts = [v for v in verdicts if v.outcome == shown]
        page = Paginator(verdicts, ROWS_PER_PAGE).get_page(self.request.GET.get("p"))
        full_ids = self.request.user.has_perm("filing.view_full_id_number")
        return {
            **super().get_context_data(**kwargs),
            "upload": self.upload,
            "batch": batch,
            "counts": batch.counts,
            "filters": self.filters(batch, shown),
            "shown": shown,
            "page": page,
            "columns": [intake.FIELDS_BY_NAME[name] for name in self.sheet.columns],
            "rows": [preview_row(v, self.sheet.columns, full_ids) for v in page],
            "ignored": self.sheet.ignored,
            "confirm_url": reverse(
                "filing_import:confirm", args=[self.kwargs["token"]]
            ),
        }

    def filters(self, batch, shown):
        counts = batch.counts
        return [
            {"value": "", "label": _("All rows"), "count": len(batch.verdicts)},
            *(
                {"value": outcome, "label": label, "count": counts[outcome]}
                for outcome, label in Outcome.LABELS.items()
            ),
        ]


def preview_row(verdict, columns, full_ids):
    """A verdict as the preview table shows it: one cell per column of the file."""
    cells = []
    for name in columns:
        value = verdict.values.get(name, verdict.raw.get(name))
        cells.append(
            {
                "name": name,
                "text": display(name, value, full_ids),
                "errors": [e.message for e in verdict.errors.get(name, [])],
                "warnings": verdict.warnings.get(name, []),
                "changed": name in verdict.changed,
                # Numbers, ID numbers and times read left to right in Uyghur too.
                "dir": "ltr" if name in LEFT_TO_RIGHT else "auto",
            }
        )
    other_errors = [
        e.message
        for name, errors in verdict.errors.items()
        if name not in columns
        for e in errors
    ]
    # Named beside the verdict: a wide file's faulty cell may lie out of sight.
    faulty = [
        intake.FIELDS_BY_NAME[name].label
        for name in columns
        if verdict.errors.get(name)
    ]
    return {
        "verdict": verdict,
        "cells": cells,
        "other_errors": other_errors,
        "faulty": faulty,
    }


def display(name, value, full_ids):
    if value is None or isinstance(value, intake.Unreadable):
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    if name == "id_number" and not full_ids:
        return mask_id_number(text)
    return text


class ConfirmView(StoredImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, token):
        try:
            batch = actions.import_applications(
                request.user,
                self.sheet.rows,
                source=self.upload["name"],
                **self.options(),
            )
        except actions.NotPermitted as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("filing_import:upload"))

        path = self.upload["path"]
        transaction.on_commit(lambda: storage().delete(path))
        counts = batch.counts
        messages.success(
            request,
            _(
                "“%(file)s” imported: %(created)d new, %(updated)d updated, "
                "%(unchanged)d unchanged, %(refused)d refused."
            )
            % {
                "file": self.upload["name"],
                "created": counts[Outcome.CREATE],
                "updated": counts[Outcome.UPDATE],
                "unchanged": counts[Outcome.UNCHANGED],
                "refused": counts[Outcome.REFUSED],
            },
        )
        return HttpResponseRedirect(reverse("filing_import:upload"))


class TemplateDownloadView(ImportMixin, View):
    def get(self, request, language):
        if language not in ("zh-hans", "ug"):
            raise Http404
        response = HttpResponse(
            spreadsheets.template(language),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
        filename = f"applications-template-{language}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
