from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do within their authority or the network."""

    OFFICER = "officer", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SECRETARIAT = "secretariat", _("Network secretariat")
    AUDITOR = "auditor", _("Auditor")
