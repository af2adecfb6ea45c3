"""Fixtures of the cooperation tests: the shipped catalogue, Parties bound by the Budapest Convention."""

import pytest

from iproceeds.accounts.choices import Role
from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.cooperation.models import RequestType
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
from iproceeds.cooperation.tests.factories import bind
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.tests.factories import AuthorityFactory, CompetenceFactory, PartyFactory


@pytest.fixture
def catalogue(db):
    """The shipped catalogue, loaded."""
    return catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)


@pytest.fixture
def bc29(catalogue):
    """The preservation request type."""
    return RequestType.objects.get(code="BC29_PRESERVATION")


@pytest.fixture
def bound(home_authority, foreign_authority):
    """Serbia and Albania, both bound by ETS 185; Albania's unit receives BC29 requests."""
    bind(home_authority.party)
    bind(foreign_authority.party)
    CompetenceFactory(authority=foreign_authority, request_type="BC29_PRESERVATION")
    return home_authority.party, foreign_authority.party


@pytest.fixture
def third_officer(db):
    """An officer of a third Party, who must never see the two others' requests."""
    authority = AuthorityFactory(
        party=PartyFactory(code="MK", name="North Macedonia"), name="Demo Unit Skopje"
    )
    return UserFactory(username="third", authority=authority, role=Role.OFFICER)
