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
from iproceeds.investigations.models.work import BankMapping, CaseRequest, ImportJob, PatternFinding

__all__ = [
    "Asset",
    "BankAccount",
    "BankMapping",
    "CaseMember",
    "CaseRequest",
    "CaseTransaction",
    "CryptoWallet",
    "ExchangeRate",
    "ImportJob",
    "ImportedStatement",
    "InvestigationCase",
    "Measure",
    "MeasureNotice",
    "Money",
    "PatternFinding",
    "Restitution",
    "RestitutionShare",
    "Subject",
    "TraceRun",
    "Victim",
]
