"""Who may do what: the two staff groups and the questions asked of them.

Group membership is read from the database on every request, so removing
someone from a group takes effect at once.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

EDITORS = "Editors"
JURY = "Jury"

User = AbstractBaseUser | AnonymousUser


def is_editor(user: User) -> bool:
    """Editors run calls, decide on submissions and publish practices."""
    return bool(user.is_active and user.has_perm("submissions.decide_submission"))


def is_juror(user: User) -> bool:
    """Jury members score the submissions of the calls they are assigned to."""
    return bool(user.is_active and user.is_authenticated and user.groups.filter(name=JURY).exists())
