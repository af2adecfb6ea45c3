"""Factories for Parties and authorities (invented data only)."""

import factory

from iproceeds.directory.choices import AuthorityType
from iproceeds.directory.models import Authority, Party


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Q{n:02d}")
    name = factory.Sequence(lambda n: f"Demoland {n}")
    is_demo = True


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Cybercrime Unit {n}")
    authority_type = AuthorityType.CYBERCRIME_UNIT
    timezone = "Europe/Belgrade"
    is_demo = True
