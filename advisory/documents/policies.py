"""Access rules for documents (see advisory.core.access).

Who runs a programme (advisors and administrators; taskforce members on the taskforce programmes they are staffed
on) sees all its documents, uploads for any of its organisations or for the advisory function, and deletes any.
An organisation's people see their own organisation's documents and those the group shares, in the programmes
their organisation takes part in; they upload for their own organisation; its coordinator deletes its documents.
Another organisation's unshared documents do not exist for them (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register, scope
from advisory.documents.models import Document
from advisory.organisations.models import Membership, MembershipFunction, Organisation
from advisory.organisations.policies import member_organisation_ids
from advisory.programmes.models import Programme
from advisory.programmes.policies import runs_programme
from advisory.programmes.selectors import writable_organisations


def upload_organisations(user: AnyUser, programme: Programme) -> QuerySet[Organisation]:
    """The programme's organisations the user may upload documents for."""
    if not is_authenticated(user):
        return Organisation.objects.none()
    return writable_organisations(user, programme)


@register(Document)
class DocumentPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[Document]) -> QuerySet[Document]:
        if not is_authenticated(user):
            return queryset.none()
        queryset = queryset.filter(programme__in=scope(user, Programme))
        if user.is_agency_staff:
            return queryset
        own = member_organisation_ids(user)
        return queryset.filter(Q(organisation_id__in=own) | Q(shared_with_group=True))

    def can(self, user: AnyUser, action: Action | str, obj: Document | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, Document.objects.filter(pk=obj.pk)).exists()
        if obj is None:  # uploading in general: checked again for the concrete programme and organisation
            return action == Action.CREATE
        programme = obj.programme
        if runs_programme(user, programme):
            return True
        if obj.organisation_id is None:  # the advisory function's own documents
            return False
        if action == Action.CREATE:
            return (
                programme.participations.filter(organisation_id=obj.organisation_id).exists()
                and Membership.objects.filter(user=user, organisation_id=obj.organisation_id).exists()
            )
        # Change and delete: the coordinator of the organisation the document belongs to.
        return Membership.objects.filter(
            user=user, organisation_id=obj.organisation_id, function=MembershipFunction.COORDINATOR
        ).exists()
