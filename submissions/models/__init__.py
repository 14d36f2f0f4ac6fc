"""Calls for practices (calls.py), submissions to them (submissions.py) and the jury's
reviews (reviews.py)."""

from .calls import Call, CallState
from .reviews import (
    REVIEW_IS_FINAL,
    JuryNotice,
    JuryNoticeKind,
    Recommendation,
    Review,
    ReviewScore,
    review_version,
)
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
    "LANGUAGE_CHOICES",
    "REVIEW_IS_FINAL",
    "Attachment",
    "Call",
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
