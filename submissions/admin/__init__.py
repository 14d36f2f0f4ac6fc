"""The admin of calls, submissions and reviews, for editors and jury members: the
registrations (calls.py, submissions.py, reviews.py, conflicts.py, staff.py), their
forms (forms.py) and their own pages (views.py, jury_views.py)."""

from .calls import CallAdmin
from .conflicts import DeclaredConflictAdmin, LiftedConflictAdmin
from .reviews import ReviewAdmin
from .staff import StaffProfileAdmin
from .submissions import SubmissionAdmin

__all__ = [
    "CallAdmin",
    "DeclaredConflictAdmin",
    "LiftedConflictAdmin",
    "ReviewAdmin",
    "StaffProfileAdmin",
    "SubmissionAdmin",
]
