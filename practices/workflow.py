"""The life of a practice: the one place where its status changes.

    draft ──publish──▶ published ──archive──▶ archived
      │                    ▲                      │
      └─────archive────────┼───────publish────────┘

Every change is checked against this table and the user's permission, locks the
row so that two clicks cannot both run it, and is saved one practice at a time so
that the history records who did it and when. A practice is published only when
it has everything its public page needs; its first publication date is kept.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Practice

Status = Practice.Status
PERMISSION = "practices.change_practice"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str


TRANSITIONS = [
    Transition(Status.DRAFT, Status.PUBLISHED),
    Transition(Status.ARCHIVED, Status.PUBLISHED),
    Transition(Status.DRAFT, Status.ARCHIVED),
    Transition(Status.PUBLISHED, Status.ARCHIVED),
]


class TransitionRefused(Exception):
    """The change is not allowed from the practice's status, for this user, or yet."""


def find_transition(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def publish_problems(practice: Practice) -> list[str]:
    """Why the practice cannot be public yet: its own checks, and the texts its page
    needs in the default language. Empty when it can be."""
    try:
        # Its texts, addresses and relations; not the status it is about to change.
        practice.full_clean(exclude=["status", "published_at"])
    except ValidationError as error:
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [
        str(_("“%(field)s” is empty.") % {"field": Practice._meta.get_field(name).verbose_name})
        for name in practice.missing_for_publishing()
    ]


def transition_apply(
    *, practice: Practice, to: str, by, at: datetime.datetime | None = None
) -> Practice:
    """Move the practice to `to`, or raise TransitionRefused with a message for the user.

    `at` is the first publication date of a practice published now (demo data gives
    the date the practice was chosen); by default, now.
    """
    with transaction.atomic():
        current = Practice.objects.select_for_update().get(pk=practice.pk)
        if current.status == to:
            return current
        if find_transition(current.status, to) is None:
            raise TransitionRefused(
                _("A practice that is “%(current)s” cannot become “%(target)s”.")
                % {"current": Status(current.status).label, "target": Status(to).label}
            )
        if not by.has_perm(PERMISSION):
            raise TransitionRefused(_("You do not have permission to do that."))
        if to == Status.PUBLISHED and (problems := publish_problems(current)):
            raise TransitionRefused(
                _("Not published, because something the page needs is missing: %(problems)s")
                % {"problems": " ".join(problems)}
            )
        current.status = to
        if to == Status.PUBLISHED and current.published_at is None:
            current.published_at = at or timezone.now()
        current._history_user = by  # django-simple-history: who, where no request tells
        current.save(update_fields=["status", "published_at", "updated_at"])
    practice.status, practice.published_at = current.status, current.published_at
    return current
