"""Writes of the catalogue that change a practice's state (the rules: workflow.py)."""

import datetime

from .models import Practice
from .workflow import TransitionRefused, transition_apply

__all__ = ["TransitionRefused", "practice_archive", "practice_publish"]


def practice_publish(*, practice: Practice, by, at: datetime.datetime | None = None) -> Practice:
    """Make the practice public, if its page has what it needs; the first publication
    date is kept on later publishes."""
    return transition_apply(practice=practice, to=Practice.Status.PUBLISHED, by=by, at=at)


def practice_archive(*, practice: Practice, by) -> Practice:
    """Take the practice off the public pages, keeping it and its history."""
    return transition_apply(practice=practice, to=Practice.Status.ARCHIVED, by=by)
