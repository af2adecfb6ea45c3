"""Factories for notifications (invented content only)."""

import factory

from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = "test.reminder"
    subject = factory.Sequence(lambda n: f"Reminder {n}")
    body = "A reply is due."
