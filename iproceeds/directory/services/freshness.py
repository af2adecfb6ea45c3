"""Reminding owners to confirm their entries; the periodic scanner calls this."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iproceeds.audit import services as audit
from iproceeds.directory.freshness import stale_before
from iproceeds.directory.models import Authority, Contact, Party

# A stale entry is reminded at most once a week until someone confirms it.
REMIND_EVERY = timedelta(days=7)
REMINDER_KIND = "directory.confirmation_due"


def _stale(model: Any, now: datetime) -> Any:
    cutoff = stale_before(now)
    due = Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=cutoff)
    not_recent = Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_EVERY)
    return model.objects.filter(due & not_recent)


def _owners(party: Party) -> list[Any]:
    """The Party's organisation administrators, or the secretariat when the Party has none."""
    user_model = get_user_model()
    admins = list(user_model.objects.filter(authority__party=party, role="org_admin", is_active=True))
    return admins or list(user_model.objects.filter(role="secretariat", is_active=True))


def _notify(*, recipients: list[Any], party: Party, count: int) -> None:
    try:
        from iproceeds.notifications.services import notify
    except ImportError:  # pragma: no cover - notifications are part of the platform
        return
    notify(
        actor=None,
        recipients=recipients,
        kind=REMINDER_KIND,
        subject=_("Directory entries to confirm"),
        body=_("Some directory entries of your Party are due for confirmation. Open the staleness page."),
        target=party,
    )


def confirmation_reminders_scan(now: datetime) -> int:
    """Remind each Party's owners once about its stale entries; returns the number of Parties reminded."""
    by_party: dict[int, list[Any]] = defaultdict(list)
    for authority in _stale(Authority, now):
        by_party[authority.party_id].append(authority)
    for contact in _stale(Contact, now).filter(is_active=True).select_related("authority"):
        by_party[contact.authority.party_id].append(contact)
    for party in Party.objects.filter(pk__in=by_party):
        entries = by_party[party.pk]
        with transaction.atomic():
            _notify(recipients=_owners(party), party=party, count=len(entries))
            for model in (Authority, Contact):
                model.objects.filter(pk__in=[e.pk for e in entries if isinstance(e, model)]).update(
                    reminded_at=now
                )
            audit.record(
                action="directory.reminder.sent", actor=None, actor_label="system", target=party,
                after={"entries": len(entries)},
            )  # fmt: skip
    return len(by_party)
