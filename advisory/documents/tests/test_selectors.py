"""The evidence for "the presentation exists", and the meeting's documents."""

from __future__ import annotations

from advisory.documents import selectors, services
from advisory.documents.models import DocumentKind
from advisory.documents.tests import files


def _upload(programme, organisation, activity, kind=DocumentKind.PRESENTATION):
    return services.document_upload(
        by=programme.advisors.first(),
        programme=programme,
        organisation=organisation,
        activity=activity,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="Oplæg",
        kind=kind,
    )


def test_presentation_uploaded_per_organisation_and_meeting(
    group_programme, municipality, other_municipality, django_assert_num_queries
):
    reflection = group_programme.activities.get(key="reflection_meeting-1")
    closing = group_programme.activities.get(key="closing_meeting")
    _upload(group_programme, municipality, reflection)
    _upload(group_programme, other_municipality, closing, kind=DocumentKind.MATERIAL)  # not a presentation
    _upload(group_programme, None, closing)  # the advisory function's
    assert selectors.presentation_uploaded(group_programme, municipality, reflection)
    assert not selectors.presentation_uploaded(group_programme, municipality, closing)
    assert not selectors.presentation_uploaded(group_programme, other_municipality, closing)
    with django_assert_num_queries(1):
        found = selectors.presentations_by_org_and_activity(group_programme)
    assert found == {(municipality.pk, reflection.pk)}


def test_documents_for_activity_respects_access(group_programme, municipality, coordinator, stranger):
    reflection = group_programme.activities.get(key="reflection_meeting-1")
    shared = _upload(group_programme, municipality, reflection)
    private = services.document_upload(
        by=group_programme.advisors.first(),
        programme=group_programme,
        organisation=municipality,
        activity=reflection,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="Privat",
        shared_with_group=False,
    )
    assert {d.pk for d in selectors.documents_for_activity(coordinator, reflection)} == {shared.pk, private.pk}
    assert [d.pk for d in selectors.documents_for_activity(stranger, reflection)] == [shared.pk]
