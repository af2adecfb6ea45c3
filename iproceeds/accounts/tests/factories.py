"""Factories for users (invented names and addresses only)."""

import factory

from iproceeds.accounts.choices import Role
from iproceeds.accounts.models import User
from iproceeds.directory.tests.factories import AuthorityFactory

PASSWORD = "correct horse battery staple 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    first_name = "Ana"
    last_name = factory.Sequence(lambda n: f"Testić{n}")
    authority = factory.SubFactory(AuthorityFactory)
    role = Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
