"""The audit log of staff actions (the Finnish Information Management Act asks this of
systems with log-in): log-ins, failed log-ins, refused permissions, score changes and
exports, each with the staff user's name and the time. No other personal data: no
network addresses, no e-mail addresses, no names of submitters.
"""

import json
import logging
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

logger = logging.getLogger("catalogue.audit")


# A value written as it is: nothing in it can start a new line or a new key=value.
PLAIN_VALUE = re.compile(r"[\w.@+:/,-]*", re.ASCII)


def logged(value) -> str:
    """The value as one token of the line. Some values come from a request (a refused
    look-up's name, a user name typed at log-in): a line break in them would write a
    line of the attacker's choosing into the log, so anything beyond plain characters
    is quoted, with every control and non-ASCII character escaped."""
    text = str(value)
    return text if PLAIN_VALUE.fullmatch(text) else json.dumps(text)


def audit(event: str, *, user=None, **details) -> None:
    """One line: the event, who, and plain details (ids, references, counts)."""
    who = getattr(user, "get_username", lambda: "-")() if user is not None else "-"
    extra = " ".join(f"{key}={logged(value)}" for key, value in details.items())
    logger.info("%s user=%s %s", logged(event), logged(who), extra)


def _logged_in(sender, request, user, **kwargs):
    if user.is_staff:
        audit("login", user=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None and user.is_staff:
        audit("logout", user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    # The name typed is logged only when it is a staff account's: anything else
    # typed into the field (an e-mail address, a password by mistake) stays out.
    typed = credentials.get("username", "")
    staff = get_user_model().objects.filter(username=typed, is_staff=True).exists()
    logger.info("login_failed user=%s", logged(typed) if staff else "(not a staff account)")


def connect_signals() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
