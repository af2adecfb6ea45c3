"""E-mails the accounts app sends: the invitation with its set-password link."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from iproceeds.accounts.models import User


def set_password_path(user: User) -> str:
    """The path of a one-time link that lets the user choose a password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def send_invitation(user: User, *, site_url: str, invited_by: str) -> None:
    """Mail the invitation in the new user's language, with the link to set a password."""
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": site_url.rstrip("/") + set_password_path(user),
        "authority": user.authority,
    }
    with translation.override(user.language):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
