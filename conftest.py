"""Personas shared by every app's tests: who acts, from which organisation."""

import pytest

from iproceeds.accounts.choices import Role
from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.directory.tests.factories import AuthorityFactory, PartyFactory


@pytest.fixture
def home_authority(db):
    """The authority of the officer who owns the work under test."""
    return AuthorityFactory(
        party=PartyFactory(code="RS", name="Serbia"), name="Demo Cybercrime Unit Belgrade"
    )


@pytest.fixture
def foreign_authority(db):
    """An authority of another Party."""
    return AuthorityFactory(
        party=PartyFactory(code="AL", name="Albania"),
        name="Demo Cybercrime Unit Tirana",
        timezone="Europe/Tirane",
    )


@pytest.fixture
def officer(home_authority):
    """An officer who owns the case or request under test."""
    return UserFactory(username="officer", authority=home_authority, role=Role.OFFICER)


@pytest.fixture
def colleague(home_authority):
    """A colleague in the same organisation."""
    return UserFactory(username="colleague", authority=home_authority, role=Role.OFFICER)


@pytest.fixture
def supervisor(home_authority):
    """The supervisor of the officer's organisation."""
    return UserFactory(username="supervisor", authority=home_authority, role=Role.SUPERVISOR)


@pytest.fixture
def org_admin(home_authority):
    """The administrator of the officer's organisation."""
    return UserFactory(username="orgadmin", authority=home_authority, role=Role.ORG_ADMIN)


@pytest.fixture
def foreign_officer(foreign_authority):
    """An officer of another Party's authority."""
    return UserFactory(username="foreign", authority=foreign_authority, role=Role.OFFICER)


@pytest.fixture
def foreign_admin(foreign_authority):
    """The administrator of another Party's authority."""
    return UserFactory(username="foreignadmin", authority=foreign_authority, role=Role.ORG_ADMIN)


@pytest.fixture
def secretariat(db):
    """A member of the network secretariat."""
    authority = AuthorityFactory(
        party=PartyFactory(code="CE", name="Network secretariat"), name="Secretariat"
    )
    return UserFactory(username="secretariat", authority=authority, role=Role.SECRETARIAT)


@pytest.fixture
def auditor(home_authority):
    """An auditor, who reads the audit trail and nothing else."""
    return UserFactory(username="auditor", authority=home_authority, role=Role.AUDITOR)


@pytest.fixture
def verified_client(client):
    """Return a function that signs a user in with a verified second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    def sign_in(user):
        device, _ = StaticDevice.objects.get_or_create(user=user, name="test recovery codes")
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in
