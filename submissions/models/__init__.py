"""Calls for practices (calls.py), submissions to them (submissions.py) and the jury's
reviews (reviews.py)."""

from .calls import Call, CallState
from .conflicts import DeclaredConflict, LiftedConflict, organisation_key
from .reviews import (
    CONFLICT_STANDS,
    REVIEW_IS_FINAL,
    JuryNotice,
    JuryNoticeKind,
    Recommendation,
    Review,
    ReviewScore,
    review_version,
)
from .staff import StaffProfile, language_of, language_set
from .submissions import (
    LANGUAGE_CHOICES,
    Attachment,
    SelfAssessment,
    Submission,
    SubmissionStatus,
    SubmissionTransition,
    attachment_file_delete,
    attachment_path,
    attachment_storage,
    new_reference,
    new_status_token,
)

__all__ = [
    "CONFLICT_STANDS",
    "LANGUAGE_CHOICES",
    "REVIEW_IS_FINAL",
    "Attachment",
    "Call",
    "DeclaredConflict",
    "LiftedConflict",
    "StaffProfile",
    "language_of",
    "language_set",
    "organisation_key",
    "JuryNotice",
    "JuryNoticeKind",
    "CallState",
    "Recommendation",
    "Review",
    "ReviewScore",
    "SelfAssessment",
    "Submission",
    "SubmissionStatus",
    "SubmissionTransition",
    "attachment_file_delete",
    "attachment_path",
    "attachment_storage",
    "new_reference",
    "new_status_token",
    "review_version",
]
