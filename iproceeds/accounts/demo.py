"""Demo data: the iPROCEEDS Parties, invented demo authorities and demo users for every role.

The Party and authority helpers are get-or-create by natural key, so the directory's reference-data
loader can call and extend them without duplicating rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import models, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from iproceeds.accounts.choices import Role
from iproceeds.accounts.models import User
from iproceeds.directory.choices import AuthorityType
from iproceeds.directory.models import Authority, Party

DEMO_PASSWORD = "iproceeds-demo-2026"
KOSOVO_FOOTNOTE = (
    "This designation is without prejudice to positions on status, and is in line with UNSCR 1244 "
    "and the ICJ Opinion on the Kosovo declaration of independence."
)

# (code, name, IANA time zone, iPROCEEDS participant)
PARTIES: list[tuple[str, str, str, bool]] = [
    ("AL", "Albania", "Europe/Tirane", True),
    ("BA", "Bosnia and Herzegovina", "Europe/Sarajevo", True),
    ("ME", "Montenegro", "Europe/Podgorica", True),
    ("MK", "North Macedonia", "Europe/Skopje", True),
    ("RS", "Serbia", "Europe/Belgrade", True),
    ("TR", "Turkey", "Europe/Istanbul", True),
    ("XK", "Kosovo*", "Europe/Belgrade", True),
    ("DE", "Germany", "Europe/Berlin", False),
    ("CE", "Network secretariat", "Europe/Paris", False),
]
PARTY_ZONES = {code: zone for code, _name, zone, _p in PARTIES}

# (Party code, invented name, type): one authority per relevant type in a few Parties.
DEMO_AUTHORITIES: list[tuple[str, str, str]] = [
    ("RS", "Demo 24/7 Contact Point Belgrade", AuthorityType.POINT_OF_CONTACT),
    ("RS", "Demo Cybercrime Unit Belgrade", AuthorityType.CYBERCRIME_UNIT),
    ("RS", "Demo Financial Intelligence Unit Belgrade", AuthorityType.FIU),
    ("RS", "Demo Asset Recovery Office Belgrade", AuthorityType.ASSET_RECOVERY),
    ("RS", "Demo Prosecution Office for High-Tech Crime", AuthorityType.PROSECUTION),
    ("RS", "Demo Ministry of Justice Central Authority", AuthorityType.CENTRAL_AUTHORITY),
    ("AL", "Demo 24/7 Contact Point Tirana", AuthorityType.POINT_OF_CONTACT),
    ("AL", "Demo Cybercrime Unit Tirana", AuthorityType.CYBERCRIME_UNIT),
    ("AL", "Demo Financial Intelligence Unit Tirana", AuthorityType.FIU),
    ("DE", "Demo 24/7 Contact Point Wiesbaden", AuthorityType.POINT_OF_CONTACT),
    ("DE", "Demo Public Prosecutor Cybercrime Centre", AuthorityType.PROSECUTION),
    ("CE", "Demo Network Secretariat", AuthorityType.SECRETARIAT),
]

# (username, role, authority name, first name, last name): every role at least once.
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    ("officer.rs", Role.OFFICER, "Demo Cybercrime Unit Belgrade", "Mila", "Demović"),
    ("supervisor.rs", Role.SUPERVISOR, "Demo Cybercrime Unit Belgrade", "Petar", "Primerović"),
    ("admin.rs", Role.ORG_ADMIN, "Demo Cybercrime Unit Belgrade", "Jelena", "Ogledić"),
    ("officer.al", Role.OFFICER, "Demo Cybercrime Unit Tirana", "Arta", "Shembulli"),
    ("officer.de", Role.OFFICER, "Demo 24/7 Contact Point Wiesbaden", "Lena", "Beispiel"),
    ("secretariat", Role.SECRETARIAT, "Demo Network Secretariat", "Claire", "Exemple"),
    ("auditor", Role.AUDITOR, "Demo Network Secretariat", "Hugo", "Prüfer"),
]


@dataclass(frozen=True)
class DemoLogin:
    """One demo account as printed for newcomers."""

    username: str
    password: str
    role: str
    authority: str


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def ensure_party(code: str, name: str, *, is_iproceeds: bool = False) -> Party:
    """The Party with this code, created if missing; an existing entry is left as it is."""
    party = Party.objects.filter(code=code).first()
    if party is not None:
        return party
    party = Party(code=code, name=name, is_demo=False)
    if code == "XK" and _has_field(Party, "footnote"):
        # The directory shows the asterisk from the footnote (Party.display_name).
        party.name = name.rstrip("*")
        setattr(party, "footnote", KOSOVO_FOOTNOTE)  # noqa: B010 - field owned by the directory app
    if _has_field(Party, "is_iproceeds"):
        setattr(party, "is_iproceeds", is_iproceeds)  # noqa: B010
    party.full_clean()
    party.save()
    return party


def ensure_authority(
    party: Party, name: str, authority_type: str, *, timezone: str, is_demo: bool
) -> Authority:
    """The authority of this Party with this name, created if missing."""
    authority = Authority.objects.filter(party=party, name=name).first()
    if authority is not None:
        return authority
    authority = Authority(
        party=party, name=name, authority_type=authority_type, timezone=timezone, is_demo=is_demo
    )
    authority.full_clean()
    authority.save()
    return authority


def seed_parties() -> dict[str, Party]:
    """The seven iPROCEEDS participants, Germany as a requesting Party and the network secretariat."""
    return {code: ensure_party(code, name, is_iproceeds=member) for code, name, _zone, member in PARTIES}


def seed_demo_authorities(parties: dict[str, Party]) -> dict[str, Authority]:
    """Invented demo authorities, each in its Party's time zone."""
    return {
        name: ensure_authority(parties[code], name, kind, timezone=PARTY_ZONES[code], is_demo=True)
        for code, name, kind in DEMO_AUTHORITIES
    }


def demo_totp_key(username: str) -> str:
    """A fixed, per-account demo secret (hex, 20 bytes): the same on every machine and every run."""
    return hashlib.sha256(f"iproceeds-demo:{username}".encode()).hexdigest()[:40]


def ensure_demo_user(username: str, role: str, authority: Authority, first_name: str, last_name: str) -> User:
    """A demo user with the demo password and a confirmed authenticator; untouched if it exists."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            email=f"{username}@demo.example.invalid",
            first_name=first_name,
            last_name=last_name,
            authority=authority,
            role=role,
            timezone=authority.timezone,
            is_demo=True,
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(
            user=user, name="Demo authenticator", key=demo_totp_key(username), confirmed=True
        )
    return user


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Create (once) the demo Parties, authorities and users; return the logins to print."""
    authorities = seed_demo_authorities(seed_parties())
    logins = []
    for username, role, authority_name, first, last in DEMO_USERS:
        authority = authorities[authority_name]
        ensure_demo_user(username, role, authority, first, last)
        logins.append(DemoLogin(username, DEMO_PASSWORD, str(Role(role).label), str(authority)))
    return logins
