"""Who sees, uploads and deletes which documents, across the organisations of a group and outside it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisory.core.access import Action, can, scope
from advisory.documents import services
from advisory.documents.models import Document, DocumentKind
from advisory.documents.tests import files
from tests import factories


def _upload(programme, organisation, *, shared=True, title="Oplæg", kind=DocumentKind.PRESENTATION, by=None):
    return services.document_upload(
        by=by or programme.advisors.first(),
        programme=programme,
        organisation=organisation,
        uploaded_file=files.upload(files.PDF_BYTES),
        title=title,
        kind=kind,
        shared_with_group=shared,
    )


@pytest.fixture
def documents(group_programme, municipality, other_municipality, coordinator):
    return {
        "own_shared": _upload(group_programme, municipality, title="Aarhus delt", by=coordinator),
        "own_private": _upload(group_programme, municipality, shared=False, title="Aarhus privat", by=coordinator),
        "other_shared": _upload(group_programme, other_municipality, title="Odense delt"),
        "other_private": _upload(group_programme, other_municipality, shared=False, title="Odense privat"),
        "advisory_shared": _upload(group_programme, None, title="Rådgivning delt", kind=DocumentKind.MATERIAL),
        "advisory_private": _upload(group_programme, None, shared=False, title="Rådgivning intern"),
    }


def _visible(user) -> set[str]:
    return set(scope(user, Document).values_list("title", flat=True))


def test_own_organisation_sees_its_own_and_the_shared_ones(documents, coordinator):
    assert _visible(coordinator) == {"Aarhus delt", "Aarhus privat", "Odense delt", "Rådgivning delt"}


def test_another_organisation_of_the_group_sees_only_the_shared_ones(documents, stranger):
    assert _visible(stranger) == {"Aarhus delt", "Odense delt", "Odense privat", "Rådgivning delt"}


def test_an_organisation_outside_the_group_sees_nothing(documents, outsider):
    assert _visible(outsider) == set()


def test_the_advisor_sees_everything(documents, advisor):
    assert len(_visible(advisor)) == 6


def test_a_taskforce_member_sees_only_programmes_they_are_staffed_on(documents, taskforce_member):
    assert _visible(taskforce_member) == set()  # a group programme is not theirs


def test_anonymous_sees_nothing(documents):
    from django.contrib.auth.models import AnonymousUser

    assert _visible(AnonymousUser()) == set()


@pytest.mark.parametrize(
    ("key", "status"),
    [("own_private", 404), ("own_shared", 200), ("other_private", 200), ("advisory_private", 404)],
)
def test_another_organisations_unshared_document_is_a_404(client, documents, stranger, key, status):
    client.force_login(stranger)
    assert client.get(reverse("documents:download", args=[documents[key].pk])).status_code == status


def test_only_the_coordinator_of_the_documents_organisation_and_the_runners_delete(
    documents, coordinator, stranger, advisor, administrator, municipality
):
    member = factories.member_of(municipality)
    own = documents["own_shared"]
    assert can(coordinator, Action.DELETE, own)
    assert not can(member, Action.DELETE, own)
    assert not can(stranger, Action.DELETE, own)  # sees it (shared), may not delete it
    assert can(advisor, Action.DELETE, own) and can(administrator, Action.DELETE, own)
    assert not can(coordinator, Action.DELETE, documents["advisory_shared"])


def test_upload_is_for_the_own_participating_organisation_only(
    group_programme, municipality, other_municipality, coordinator, advisor, outsider
):
    member = factories.member_of(municipality)
    for_own = Document(programme=group_programme, organisation=municipality)
    for_other = Document(programme=group_programme, organisation=other_municipality)
    for_advisory = Document(programme=group_programme, organisation=None)
    assert can(coordinator, Action.CREATE, for_own) and can(member, Action.CREATE, for_own)
    assert not can(coordinator, Action.CREATE, for_other)
    assert not can(coordinator, Action.CREATE, for_advisory)
    assert all(can(advisor, Action.CREATE, d) for d in (for_own, for_other, for_advisory))
    outsider_org = outsider.memberships.get().organisation
    assert not can(outsider, Action.CREATE, Document(programme=group_programme, organisation=outsider_org))
