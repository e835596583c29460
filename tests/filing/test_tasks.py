import hashlib
import logging

import pytest
from django.utils import translation

from filing import tasks
from filing.documents import document_fingerprint, request_document
from filing.factories import UserFactory
from filing.models import DocumentKind, GeneratedDocument
from filing.tasks import render_document

Status = GeneratedDocument.Status


@pytest.fixture
def user(db):
    return UserFactory(username="printer")


def documents_directory(document):
    return f"filings/{document.filing_id}/documents"


def stored_files(document):
    storage = document.file.storage
    directory = documents_directory(document)
    return sorted(storage.listdir(directory)[1]) if storage.exists(directory) else []


@pytest.fixture
def roster(filing_with_applicants, user):
    """A roster document requested and waiting for its task."""
    filing = filing_with_applicants(["王喆", "李堃", "ئايگۈل مەمەت"])
    document = GeneratedDocument.objects.create(
        filing=filing,
        kind=DocumentKind.NOTICE_ROSTER,
        fingerprint=document_fingerprint(filing, DocumentKind.NOTICE_ROSTER),
        requested_by=user,
    )
    # Rolled-back tests hand out the same ids again; start from no files.
    for name in stored_files(document):
        document.file.storage.delete(f"{documents_directory(document)}/{name}")
    return document


def test_render_stores_the_pdf_with_its_size_hash_and_pages(roster):
    render_document(roster.pk)

    roster.refresh_from_db()
    content = roster.file.read()
    assert roster.status == Status.READY
    assert content.startswith(b"%PDF-")
    assert roster.size == len(content)
    assert roster.sha256 == hashlib.sha256(content).hexdigest()
    assert roster.page_count == 1
    assert roster.started_at <= roster.finished_at
    assert roster.error == ""


def test_render_goes_to_private_storage(roster, settings):
    render_document(roster.pk)

    roster.refresh_from_db()
    path = roster.file.path
    assert path.startswith(str(settings.PRIVATE_STORAGE_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_running_twice_leaves_one_file_with_the_same_hash(roster):
    render_document(roster.pk)
    roster.refresh_from_db()
    first = (roster.file.name, roster.sha256, roster.finished_at)

    result = render_document(roster.pk)

    roster.refresh_from_db()
    assert result == "unchanged"
    assert (roster.file.name, roster.sha256, roster.finished_at) == first
    assert len(stored_files(roster)) == 1


def test_rendering_again_replaces_the_file_instead_of_adding_one(roster):
    render_document(roster.pk)
    roster.refresh_from_db()
    first = (roster.file.name, roster.sha256)
    # A second delivery of the same task, e.g. after a worker died.
    GeneratedDocument.objects.filter(pk=roster.pk).update(status=Status.QUEUED)

    render_document(roster.pk)

    roster.refresh_from_db()
    assert roster.status == Status.READY
    assert (roster.file.name, roster.sha256) == first
    assert len(stored_files(roster)) == 1


def test_render_of_changed_data_replaces_the_old_file(roster):
    render_document(roster.pk)
    roster.refresh_from_db()
    old_name = roster.file.name
    roster.filing.selected_applications().filter(applicant_name="王喆").update(
        specialty="水利工程"
    )
    GeneratedDocument.objects.filter(pk=roster.pk).update(status=Status.QUEUED)

    render_document(roster.pk)

    roster.refresh_from_db()
    assert roster.fingerprint == document_fingerprint(
        roster.filing, DocumentKind.NOTICE_ROSTER
    )
    assert roster.file.name != old_name
    assert stored_files(roster) == [roster.file.name.rsplit("/", 1)[1]]


def test_render_overtaken_by_a_newer_request_is_not_saved(roster, monkeypatch):
    real_render = tasks.render_document_pdf

    def render_while_someone_asks_again(kind, context):
        GeneratedDocument.objects.filter(pk=roster.pk).update(
            status=Status.QUEUED, fingerprint="f" * 64
        )
        return real_render(kind, context)

    monkeypatch.setattr(tasks, "render_document_pdf", render_while_someone_asks_again)

    result = render_document(roster.pk)

    roster.refresh_from_db()
    assert result == "stale"
    assert roster.status == Status.QUEUED
    assert roster.fingerprint == "f" * 64
    assert not roster.file
    assert stored_files(roster) == []


def test_render_records_the_fingerprint_of_the_data_it_rendered(roster):
    # The data changed after the request, before the task ran.
    roster.filing.selected_applications().filter(applicant_name="李堃").update(
        employer="伊宁县人民医院"
    )

    render_document(roster.pk)

    roster.refresh_from_db()
    assert roster.status == Status.READY
    assert roster.fingerprint == document_fingerprint(
        roster.filing, DocumentKind.NOTICE_ROSTER
    )


def test_failed_render_is_marked_failed_with_a_message_and_logged(
    roster, monkeypatch, caplog
):
    def broken(kind, context):
        raise OSError("disk full")

    monkeypatch.setattr(tasks, "render_document_pdf", broken)

    with caplog.at_level(logging.ERROR, logger="filing.tasks"):
        result = render_document(roster.pk)

    roster.refresh_from_db()
    assert result == "failed"
    assert roster.status == Status.FAILED
    assert roster.error == "render_failed"
    assert str(roster.pk) in roster.error_message
    assert "disk full" not in roster.error_message
    assert not roster.file
    assert caplog.records[0].exc_info[0] is OSError
    assert caplog.records[0].args == (roster.pk,)


def test_a_failure_reads_in_each_readers_own_language(roster, monkeypatch):
    def broken(kind, context):
        raise OSError("disk full")

    monkeypatch.setattr(tasks, "render_document_pdf", broken)
    render_document(roster.pk)
    roster.refresh_from_db()

    with translation.override("zh-hans"):
        chinese = roster.error_message
    with translation.override("ug"):
        uyghur = roster.error_message

    assert "系统管理员" in chinese
    assert uyghur != chinese
    assert str(roster.pk) in uyghur


def test_filing_without_selected_applications_fails_with_what_to_do(
    filing_with_applicants, user
):
    filing = filing_with_applicants([])
    document = GeneratedDocument.objects.create(
        filing=filing,
        kind=DocumentKind.DRAFT_NOTICE,
        fingerprint="0" * 64,
        requested_by=user,
    )

    render_document(document.pk)

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error == "nothing_selected"
    with translation.override("zh-hans"):
        assert "请在第 2 步中选择后重新生成" in document.error_message


def test_missing_document_is_skipped(db):
    assert render_document(987654) == "unchanged"


def test_request_runs_the_task_once_the_transaction_commits(
    filing_with_applicants, user, django_capture_on_commit_callbacks
):
    filing = filing_with_applicants(["王喆", "李堃"])

    # The test settings run django-q2 tasks synchronously.
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(filing, DocumentKind.DRAFT_NOTICE, user)

    document.refresh_from_db()
    assert document.status == Status.READY
    assert document.page_count >= 1
