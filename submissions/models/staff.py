"""What a staff account (an editor, a jury member) chooses for itself: the language
the site writes to them in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """A staff account's own choices; an account without one is written to in the
    site's default language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mail"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The jury's e-mails (assignments, submissions, reminders) are in this."),
    )

    class Meta:
        verbose_name = _("language of a staff account")
        verbose_name_plural = _("languages of staff accounts")
        ordering = ["user__last_name", "user__first_name", "user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


def language_of(user) -> str:
    """The language to write to this staff account in."""
    profile = StaffProfile.objects.filter(user_id=user.pk).only("language").first()
    return profile.language if profile else settings.LANGUAGE_CODE


def language_set(*, user, language: str) -> StaffProfile:
    """Choose the language the site writes to this account in."""
    profile, _created = StaffProfile.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return profile
