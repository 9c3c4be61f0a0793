"""factory_boy factories shared by every test module."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from advisory.accounts.models import Role, User
from advisory.organisations.models import Membership, MembershipFunction, Organisation, OrganisationKind, Region

PASSWORD = "et-godt-kodeord-2026"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    role = Role.ORGANISATION_MEMBER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdvisorFactory(UserFactory):
    role = Role.ADVISOR


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True
    is_superuser = True


class TaskforceMemberFactory(UserFactory):
    role = Role.TASKFORCE_MEMBER


class RegionFactory(DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{1081 + n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class MunicipalityFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    kind = OrganisationKind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Kommune {n}")
    municipality_code = factory.Sequence(lambda n: f"{(n % 9000) + 1000:04d}")


class ShelterFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SHELTER
    name = factory.Sequence(lambda n: f"Boform {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory)
    function = MembershipFunction.MEMBER


def coordinator_of(organisation: Organisation, **kwargs: object) -> User:
    user = UserFactory.create(role=Role.COORDINATOR, **kwargs)
    MembershipFactory(organisation=organisation, user=user, function=MembershipFunction.COORDINATOR)
    return user


def member_of(organisation: Organisation, function: str = MembershipFunction.IMPLEMENTATION_TEAM) -> User:
    user = UserFactory.create(role=Role.ORGANISATION_MEMBER)
    MembershipFactory(organisation=organisation, user=user, function=function)
    return user


# The organisations and people of the three-user pattern: conftest.py's fixtures, and the permission matrix's world.


def make_municipality() -> Organisation:
    return MunicipalityFactory.create(name="Aarhus", municipality_code="0751")


def make_other_municipality() -> Organisation:
    return MunicipalityFactory.create(name="Odense", municipality_code="0461")


def make_advisor() -> User:
    return AdvisorFactory.create(email="advisor@example.dk", first_name="Rikke")


def make_administrator() -> User:
    return AdministratorFactory.create(email="admin@example.dk")


def make_taskforce_member() -> User:
    return TaskforceMemberFactory.create(email="taskforce@example.dk")


def make_coordinator(municipality: Organisation) -> User:
    return coordinator_of(municipality, email="coordinator@example.dk", first_name="Thomas")


def make_stranger(other_municipality: Organisation) -> User:
    """A coordinator of another organisation."""
    return coordinator_of(other_municipality, email="stranger@example.dk")
