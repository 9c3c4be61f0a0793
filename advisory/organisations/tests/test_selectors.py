"""Selectors of the organisations app that the pages of other apps build on."""

from __future__ import annotations

import pytest

from advisory.organisations.models import Organisation
from advisory.organisations.selectors import sole_organisation
from tests import factories

pytestmark = pytest.mark.django_db


def test_sole_organisation_is_the_only_one_of_the_set() -> None:
    one, other = factories.MunicipalityFactory.create(), factories.MunicipalityFactory.create()
    assert sole_organisation(Organisation.objects.filter(pk=one.pk)) == one
    assert sole_organisation(Organisation.objects.filter(pk__in=[one.pk, other.pk])) is None
    assert sole_organisation(Organisation.objects.none()) is None
    assert sole_organisation(None) is None  # any organisation: nothing is chosen in advance
