from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestigationsConfig(AppConfig):
    """Financial investigation cases: team, victims, persons, accounts, assets and statements."""

    name = "iproceeds.investigations"
    verbose_name = _("Investigations")

    def ready(self) -> None:
        from iproceeds.audit import catalogue

        catalogue.register(
            {
                "investigations.case.created": _("Investigation case created"),
                "investigations.investigationcase.viewed": _("Investigation case opened"),
                "investigations.member.added": _("Case team member added"),
                "investigations.member.removed": _("Case team member removed"),
                "investigations.victim.added": _("Victim added to a case"),
                "investigations.subject.added": _("Person or company added to a case"),
                "investigations.bankaccount.added": _("Bank account added to a case"),
                "investigations.wallet.added": _("Crypto wallet added to a case"),
                "investigations.asset.added": _("Asset added to a case"),
                "investigations.statement.imported": _("Statement imported into a case"),
                "investigations.trace.completed": _("Trace run on a case"),
                "investigations.bank_mapping.saved": _("Bank column mapping saved"),
                "investigations.import.queued": _("Statement import queued"),
                "investigations.import.finished": _("Statement import finished"),
                "investigations.import.failed": _("Statement import failed"),
                "investigations.schedule.downloaded": _("Trace schedule downloaded"),
                "investigations.measure.identified": _("Asset identified as proceeds"),
                "investigations.measure.frozen": _("Asset frozen"),
                "investigations.measure.seized": _("Asset seized"),
                "investigations.measure.renewed": _("Freezing or seizure order renewed"),
                "investigations.measure.confiscated": _("Asset confiscated"),
                "investigations.measure.disposed": _("Confiscated property disposed of"),
                "investigations.measure.expiry_reminded": _("Reminder sent before an order expires"),
                "investigations.rates.loaded": _("Exchange rates loaded"),
                "investigations.restitution.distributed": _("Recovered money distributed to victims"),
                "investigations.request.drafted": _("Cooperation request drafted from a case"),
                "investigations.patterns.run": _("Patterns searched in a case's ledger"),
                "investigations.finding.confirmed": _("Pattern finding confirmed"),
                "investigations.finding.dismissed": _("Pattern finding dismissed"),
                "investigations.case.exported": _("Case exported"),
            }
        )
        from iproceeds.core import timers
        from iproceeds.investigations.scans import measure_expiry_scan

        timers.register("investigations.measure_expiry", measure_expiry_scan)
