"""The investigations app's models: cases and what they hold, measures on assets, money, restitution."""

from iproceeds.investigations.models.case import (
    Asset,
    BankAccount,
    CaseMember,
    CaseTransaction,
    CryptoWallet,
    ImportedStatement,
    InvestigationCase,
    Money,
    Subject,
    TraceRun,
    Victim,
)
from iproceeds.investigations.models.measures import ExchangeRate, Measure, MeasureNotice
from iproceeds.investigations.models.restitution import Restitution, RestitutionShare

__all__ = [
    "Asset",
    "BankAccount",
    "CaseMember",
    "CaseTransaction",
    "CryptoWallet",
    "ExchangeRate",
    "ImportedStatement",
    "InvestigationCase",
    "Measure",
    "MeasureNotice",
    "Money",
    "Restitution",
    "RestitutionShare",
    "Subject",
    "TraceRun",
    "Victim",
]
