"""The admin of calls, submissions and reviews, for editors and jury members: the
registrations (calls.py, submissions.py, reviews.py), their forms (forms.py) and
their own pages (views.py)."""

from .calls import CallAdmin
from .reviews import ReviewAdmin
from .submissions import SubmissionAdmin

__all__ = ["CallAdmin", "ReviewAdmin", "SubmissionAdmin"]
