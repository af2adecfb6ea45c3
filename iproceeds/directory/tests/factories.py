"""Factories for the directory (invented data only: fictional names, +381 11 555 numbers, example.invalid)."""

import datetime

import factory

from iproceeds.directory.choices import AuthorityType, Confidence, Instrument
from iproceeds.directory.models import (
    Authority,
    Competence,
    Contact,
    InstrumentStatus,
    Party,
    ServiceProvider,
)


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


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Demo Contact {n}")
    function = "Duty officer"
    phone = factory.Sequence(lambda n: f"+38111555{n % 10000:04d}")
    email = factory.Sequence(lambda n: f"contact{n}@example.invalid")
    languages = "sr, en"
    is_demo = True


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    authority = factory.SubFactory(AuthorityFactory)
    request_type = "BC29_PRESERVATION"
    channel = "poc247"


class InstrumentStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentStatus

    party = factory.SubFactory(PartyFactory)
    instrument = Instrument.ETS_185
    source = "Demo source"
    as_of = datetime.date(2026, 11, 23)
    confidence = Confidence.UNCONFIRMED


class ServiceProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceProvider

    name = factory.Sequence(lambda n: f"Demo Hosting {n}")
    jurisdiction = "RS"
    le_email = factory.Sequence(lambda n: f"le{n}@example.invalid")
    is_demo = True
