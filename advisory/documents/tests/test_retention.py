"""Documents of ended programmes are deleted with their files after the retention period."""

from __future__ import annotations

import datetime

from django.utils import timezone

from advisory.documents import retention, services
from advisory.documents.models import Document
from advisory.documents.tests import files
from advisory.programmes.models import Programme, ProgrammeStatus


def test_documents_of_ended_programmes_expire_with_their_files(
    group_programme, municipality, settings, django_capture_on_commit_callbacks
):
    document = services.document_upload(
        by=group_programme.advisors.first(),
        programme=group_programme,
        organisation=municipality,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="X",
    )
    path = settings.MEDIA_ROOT / document.file.name
    last_day = group_programme.activities.order_by("-starts_on").first().starts_on
    after_the_end = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time())) + datetime.timedelta(
        days=400
    )
    assert not retention._expired_documents(after_the_end).exists()  # still running
    Programme.objects.filter(pk=group_programme.pk).update(status=ProgrammeStatus.COMPLETED)
    assert list(retention._expired_documents(after_the_end)) == [document]
    assert not retention._expired_documents(timezone.now()).exists()  # the plan's dates lie ahead
    with django_capture_on_commit_callbacks(execute=True):
        assert retention._delete_with_files(retention._expired_documents(after_the_end)) == 1
    assert not Document.objects.exists() and not path.exists()
