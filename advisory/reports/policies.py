"""Access to the year's figures (see advisory.core.access): advisors and administrators read every kind's
figures, taskforce members the taskforce part (``figures.kinds_for``); nobody changes them (they are counted)."""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, register
from advisory.reports.figures import may_read
from advisory.reports.models import AnnualReport


@register(AnnualReport)
class AnnualReportPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
        return queryset if may_read(user) else queryset.none()

    def can(self, user: AnyUser, action: Action | str, obj: AnnualReport | None) -> bool:
        return action == Action.VIEW and may_read(user)
