"""Users of iproceeds: each belongs to one authority and holds one role."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.accounts.choices import Role
from iproceeds.directory.models import Authority, validate_timezone


class User(AbstractUser):
    """A person signing in to iproceeds, member of exactly one authority."""

    email = models.EmailField(_("e-mail address"), unique=True)
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("authority"),
        null=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])
    failed_logins = models.PositiveIntegerField(_("failed sign-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Only the Django superuser created by hand for emergencies may lack an authority.
            models.CheckConstraint(
                condition=models.Q(authority__isnull=False) | models.Q(is_superuser=True),
                name="user_has_authority_unless_superuser",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_auditor(self) -> bool:
        """True for users who may read the audit trail."""
        return self.role == Role.AUDITOR

    @property
    def is_secretariat(self) -> bool:
        """True for the network secretariat, who administer the whole network."""
        return self.role == Role.SECRETARIAT

    @property
    def is_org_admin(self) -> bool:
        """True for administrators of their own organisation."""
        return self.role == Role.ORG_ADMIN
