from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthorityType(models.TextChoices):
    """The kinds of body a Party designates for cooperation."""

    POINT_OF_CONTACT = "poc247", _("24/7 point of contact")
    CENTRAL_AUTHORITY = "central", _("Central authority")
    FIU = "fiu", _("Financial intelligence unit")
    ASSET_RECOVERY = "aro", _("Asset-recovery office")
    PROSECUTION = "prosecution", _("Prosecution service")
    CYBERCRIME_UNIT = "cybercrime", _("Cybercrime unit")
    COURT = "court", _("Court")
    SECRETARIAT = "secretariat", _("Network secretariat")
    OTHER = "other", _("Other")
