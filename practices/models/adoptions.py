"""What visitors tell of a practice: where it is used (adoption reports) and their
messages to its owner."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from website.i18n import LANGUAGE_CODES

from ..querysets import AdoptionQuerySet
from . import Municipality, Practice

# The note beside a report shown in a language other than the page's.
REPORT_LANGUAGE_NOTES = {
    "fi": _("Reported in Finnish."),
    "sv": _("Reported in Swedish."),
    "en": _("Reported in English."),
}
# Adoptions reported for years before the catalogue's first round are still welcome.
ADOPTION_FIRST_YEAR = 2000


class Adoption(models.Model):
    """A report that an organisation has taken a practice into use ("Used also in").

    Anyone may report one from the practice's page; it is public once an editor has
    approved it (`approved_at`). The report is in the language it was written in.
    The contact details are for the editors and the practice's owner only, kept only
    with consent, and left out of the history so that erasing them erases them.
    """

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("practice")
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year taken into use"))
    changes = models.TextField(_("what was changed or adapted"), max_length=3000)
    experience = models.TextField(_("how it went"), max_length=3000)
    language = models.CharField(
        _("language of the report"), max_length=2, choices=settings.LANGUAGES
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail address"), blank=True)
    consent = models.BooleanField(_("consent to the processing of the contact details"))
    form_token = models.UUIDField(_("form"), unique=True, editable=False)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption report")
        verbose_name_plural = _("adoption reports")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=ADOPTION_FIRST_YEAR) & Q(year__lte=2100),
                name="adoption_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="adoption_language_valid"
            ),
            # Contact details are kept only with consent.
            models.CheckConstraint(
                condition=Q(consent=True) | (Q(contact_name="") & Q(contact_email="")),
                name="adoption_contact_needs_consent",
            ),
            models.CheckConstraint(condition=~Q(organisation=""), name="adoption_organisation"),
        ]
        indexes = [
            # The approved adoptions of a practice: its page, its count and the facet.
            models.Index(
                fields=["practice", "-year"],
                name="adoption_approved_idx",
                condition=Q(approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}, {self.municipality} ({self.year})"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def shown_publicly(self) -> bool:
        """Only approved reports are shown (website.cache: saving or deleting a report
        that waits changes no public page). Approval is never taken back, only the
        report deleted."""
        return self.is_approved

    @property
    def language_note(self) -> str:
        """A short note when the report is in another language than the page."""
        return "" if self.language == get_language() else REPORT_LANGUAGE_NOTES[self.language]


class ContactMessage(models.Model):
    """A visitor's message to a practice's owner, sent through the outbox.

    The owner's address is never shown to the visitor; the message is kept for the
    editors (abuse, questions) only as long as the privacy notice says
    (CONTACT_MESSAGE_RETENTION_DAYS), then removed with its e-mails.
    """

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="contact_messages",
        verbose_name=_("practice"),
    )
    sender_name = models.CharField(_("name"), max_length=120)
    sender_email = models.EmailField(_("e-mail address"))
    sender_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    form_token = models.UUIDField(_("form"), unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    owner_email = models.ForeignKey(
        "outbox.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail to the owner"),
    )
    copy_email = models.ForeignKey(
        "outbox.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copy to the sender"),
    )

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="contactmessage_language_valid"
            ),
            models.CheckConstraint(
                condition=~Q(message="") & ~Q(sender_email=""),
                name="contactmessage_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_name} → {self.practice}"
