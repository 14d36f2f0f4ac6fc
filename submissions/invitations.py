"""Editors invite jury members by e-mail: an account in the Jury group, on the call's
jury, and a link to set a password (and the second factor, where the site requires one).

The link carries a signed token that expires (JUROR_INVITATION_DAYS) and works once:
it is bound to the account's password as it was when the link was sent, so setting a
password ends it.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.urls import reverse

from outbox.services import email_queue
from website.audit import audit

from .models import Call, JuryNotice, language_of, language_set
from .roles import JURY

SALT = "submissions.juror-invitation"


def _password_mark(user) -> str:
    """A short digest of the account's password hash: it changes when the password is set."""
    return hashlib.sha256(f"{user.pk}:{user.password}".encode()).hexdigest()[:16]


def invitation_token(user) -> str:
    return signing.dumps({"user": user.pk, "mark": _password_mark(user)}, salt=SALT)


def invitation_user(token: str):
    """The invited account the token stands for, or None if it is forged, expired or used."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.JUROR_INVITATION_DAYS * 24 * 60 * 60
        )
    except signing.BadSignature:  # expired links are bad signatures too
        return None
    if not isinstance(data, dict):
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or data.get("mark") != _password_mark(user):
        return None
    return user


def juror_invite(
    *, call: Call, email: str, first_name: str, last_name: str, by, language: str = ""
):
    """Put a person on the call's jury, making their account if they have none, and tell
    them by e-mail: with a link to set a password when they have none yet. `language`,
    when given, becomes the account's language, in which the jury's e-mail (this one
    first) is written; without it the account keeps its own. Returns the account."""
    users = get_user_model().objects
    with transaction.atomic():
        user = users.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            username = email.lower()[:150]
            if users.filter(username=username).exists():
                username = f"{username[:140]}-{secrets.token_hex(3)}"
            user = users.create_user(
                username=username,
                email=email,
                first_name=first_name,
                last_name=last_name,
                is_staff=True,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif not user.is_staff or not user.is_active:
            user.is_staff = user.is_active = True
            user.save(update_fields=["is_staff", "is_active"])
        user.groups.add(Group.objects.get(name=JURY))
        call.jurors.add(user)
        # The invitation tells them they are on the jury: `notify_jury` does not again.
        JuryNotice.objects.get_or_create(
            juror=user, call=call, kind=JuryNotice.Kind.ASSIGNED, submission=None
        )
        if language:
            language_set(user=user, language=language)
        link = ""
        if not user.has_usable_password():
            link = reverse("admin:submissions_juror_invitation", args=[invitation_token(user)])
        email_queue(
            to=user.email,
            template="submissions/email/juror_invited",
            context={
                "call": call,
                "user": user,
                "link": link,
                "days": settings.JUROR_INVITATION_DAYS,
                "admin_url": reverse("admin:index"),
            },
            language=language_of(user),
        )
    audit("juror_invited", user=by, call=call.slug, juror=user.pk)
    return user
