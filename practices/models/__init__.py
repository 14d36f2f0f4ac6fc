"""The catalogue of good practices and the vocabulary the whole site shares.

Themes, target groups, integration phases, regions and municipalities are
used by practices here, by the archive of projects and by calls for practices.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from website.i18n import fallback_languages

from ..querysets import MunicipalityQuerySet, PracticeQuerySet, VocabularyQuerySet

SIZE_MEDIUM_FROM = 10_000
SIZE_LARGE_FROM = 50_000

# Links open in visitors' browsers: web pages only (no ftp:, no other schemes).
web_address = URLValidator(schemes=["http", "https"])


class SizeClass(models.TextChoices):
    """Municipality size classes, by number of inhabitants."""

    SMALL = "small", _("Small (under 10,000 inhabitants)")
    MEDIUM = "medium", _("Medium-sized (10,000–49,999 inhabitants)")
    LARGE = "large", _("Large (50,000 inhabitants or more)")


class Rating(models.IntegerChoices):
    """How well a practice meets a criterion; the jury scores on the same scale."""

    NOT_MET = 0, _("0 – not met")
    PARTLY = 1, _("1 – partly met")
    MET = 2, _("2 – met")
    EXCELLENT = 3, _("3 – met excellently")


class VocabularyTerm(models.Model):
    """A term of the shared vocabulary: a translated name, a stable slug and a place in order."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(VocabularyTerm):
    """What a practice is about, such as work, education or the first weeks in a municipality."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(VocabularyTerm):
    """Whom a practice serves, such as asylum seekers, young people or families."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class IntegrationPhase(VocabularyTerm):
    """A phase of integration, from the reception centre to settled life in a municipality."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("integration phase")
        verbose_name_plural = _("integration phases")


class Region(models.Model):
    """A Finnish region (maakunta / landskap)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # Statistics Finland's two-digit region number, e.g. "01" for Uusimaa.
    code = models.CharField(_("official code"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="region_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality, with its names in both national languages and its population."""

    # Statistics Finland's three-digit municipality number (kuntanumero), e.g. "091".
    code = models.CharField(_("official code"), max_length=3, blank=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=80)
    name_sv = models.CharField(_("name in Swedish"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    population = models.PositiveIntegerField(_("population"))
    # Set when the municipality leaves the official division (merged into another);
    # the row stays for what refers to it, but forms no longer offer it.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
    )
    # Derived from the population by the database, so it can never disagree with it.
    size_class = models.GeneratedField(
        expression=models.Case(
            models.When(population__lt=SIZE_MEDIUM_FROM, then=models.Value(SizeClass.SMALL)),
            models.When(population__lt=SIZE_LARGE_FROM, then=models.Value(SizeClass.MEDIUM)),
            default=models.Value(SizeClass.LARGE),
        ),
        output_field=models.CharField(max_length=10, choices=SizeClass.choices),
        db_persist=True,
        verbose_name=_("size class"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="municipality_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the visitor's language: Swedish visitors see the Swedish name if any."""
        if get_language() == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi

    @staticmethod
    def name_in(language: str) -> models.Expression:
        """`name` in SQL, as a reader of `language` sees it: for ordering by it."""
        if language == "sv":
            return Coalesce(NullIf(F("name_sv"), Value("")), F("name_fi"))
        return F("name_fi")


class Criterion(models.Model):
    """One of the six criteria a good practice is recognised by."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    # The anchored rating scale: what each score means for this criterion.
    level_0 = models.TextField(_("what 0 means"), blank=True, max_length=600)
    level_1 = models.TextField(_("what 1 means"), blank=True, max_length=600)
    level_2 = models.TextField(_("what 2 means"), blank=True, max_length=600)
    level_3 = models.TextField(_("what 3 means"), blank=True, max_length=600)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    def levels(self) -> list[tuple[int, str, str]]:
        """(score, its label, what it means for this criterion) from 0 to 3."""
        return [(value, label, getattr(self, f"level_{value}")) for value, label in Rating.choices]


class SelectionRound(models.Model):
    """A compilation in which a jury chose practices, such as the February 2016 round."""

    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "name"], name="selectionround_unique_date_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%m/%Y})"


class PracticeStatus(models.TextChoices):
    """Where a practice is in its life; it changes only through practices/workflow.py."""

    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class Practice(models.Model):
    """A good practice: an operating model or material that has proven to work."""

    Status = PracticeStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), max_length=1000)
    goal = models.TextField(
        _("goal and the need it answers"),
        blank=True,
        max_length=10000,
        help_text=_("What the practice aims at and which need of immigrants it answers."),
    )
    how_it_works = models.TextField(
        _("how it works"), max_length=20000, blank=True, help_text=_("The practice step by step.")
    )
    results = models.TextField(
        _("results and how they were measured"), blank=True, max_length=10000
    )
    resources = models.TextField(_("resources and costs"), blank=True, max_length=10000)
    adoption = models.TextField(
        _("what adopting it elsewhere requires"), blank=True, max_length=10000
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    funding_programme = models.CharField(
        _("funding programme"),
        max_length=200,
        blank=True,
        help_text=_("The programme or grant the practice was funded from, if any."),
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        max_length=2000,
        help_text=_(
            "How to reach the organisation: a unit, a general e-mail address or a web page."
        ),
    )
    contact_role = models.CharField(
        _("contact's role"),
        max_length=200,
        blank=True,
        help_text=_("The role or unit to ask, such as “coordinator of the integration services”."),
    )
    contact_person = models.CharField(
        _("contact person"),
        max_length=120,
        blank=True,
        help_text=_("A person's name, only when the person has agreed to be named."),
    )
    contact_email = models.EmailField(
        _("e-mail address for the contact form"),
        blank=True,
        help_text=_(
            "Messages of the form “Contact the owner” and news of adoptions go here. "
            "It is never shown on the site."
        ),
    )
    video_url = models.URLField(_("video link"), blank=True, validators=[web_address])

    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="practices", verbose_name=_("municipalities")
    )
    suits_small = models.BooleanField(_("suits small municipalities"), default=False)
    suits_medium = models.BooleanField(_("suits medium-sized municipalities"), default=False)
    suits_large = models.BooleanField(_("suits large municipalities"), default=False)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="practices", verbose_name=_("themes")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="practices", verbose_name=_("target groups")
    )
    phases = models.ManyToManyField(
        IntegrationPhase,
        blank=True,
        related_name="practices",
        verbose_name=_("integration phases"),
    )
    selection_round = models.ForeignKey(
        SelectionRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("selection round"),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Kept current by a database trigger on PostgreSQL (see practices/search.py);
    # empty on SQLite, whose search needs no index.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values),
                name="practice_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=PracticeStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="practice_slug_not_empty"),
        ]
        indexes = [
            # The order of newest(), so that a page of the list reads 25 index
            # entries instead of sorting every published practice.
            models.Index(
                fields=["-published_at", "-id"],
                name="practice_newest_idx",
                condition=Q(status=PracticeStatus.PUBLISHED),
            ),
            # Everything the facet counts read of a practice, so that they scan this
            # small index instead of the wide table with its texts.
            models.Index(
                fields=[
                    "status",
                    "id",
                    "selection_round",
                    "suits_small",
                    "suits_medium",
                    "suits_large",
                ],
                name="practice_facets_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def can_be_contacted(self) -> bool:
        """Whether the page offers the form that sends a message to the practice's owner."""
        return bool(self.contact_email)

    @property
    def suitable_sizes(self) -> list[SizeClass]:
        flags = {
            SizeClass.SMALL: self.suits_small,
            SizeClass.MEDIUM: self.suits_medium,
            SizeClass.LARGE: self.suits_large,
        }
        return [size for size, suits in flags.items() if suits]

    def fallback_languages(self) -> list[str]:
        """The other languages some text of the practice's page is shown in: its own
        texts, its assessments against the criteria and its links (`for_detail` fetches
        them)."""
        langs = set()
        for obj in [self, *self.assessments.all(), *self.links.all()]:
            fields = list(translator.get_options_for_model(type(obj)).fields)
            langs.update(fallback_languages(obj, fields))
        return sorted(langs)

    def missing_translations(self) -> dict[str, list[str]]:
        """Per language of the site: the texts of the practice's page that are written in
        another language but not in this one (its own, each criterion's, each link's),
        named as the editor sees them. None bars publishing: the page shows such a text
        in the language it is written in, with a note (`fallback_languages`);
        `missing_for_publishing` names the texts written in no language."""
        missing: dict[str, list[str]] = {}
        parts = [(self, "")] + [
            (assessment, f"{assessment.criterion.name}: ") for assessment in self.assessments.all()
        ]
        parts += [(link, f"{link.url}: ") for link in self.links.all()]
        for code, _name in settings.LANGUAGES:
            names = []
            for obj, prefix in parts:
                translated = translator.get_options_for_model(type(obj)).fields
                for field in [f for f in obj._meta.get_fields() if f.name in translated]:
                    values = [
                        (getattr(obj, f"{field.name}_{lang}") or "").strip()
                        for lang, _label in settings.LANGUAGES
                    ]
                    if not (getattr(obj, f"{field.name}_{code}") or "").strip() and any(values):
                        names.append(f"{prefix}{field.verbose_name}")
            if names:
                missing[code] = names
        return missing

    def missing_for_publishing(self) -> list[str]:
        """The texts a public page needs that are empty: the translated fields that may
        not be blank, written in none of the languages. A practice from a Swedish or
        English submission is published with its texts in that language only; its page
        shows them with a note in the other languages until they are translated."""
        return [
            name
            for name in translator.get_options_for_model(type(self)).fields
            if not self._meta.get_field(name).blank
            and not any(
                (getattr(self, f"{name}_{code}") or "").strip()
                for code, _label in settings.LANGUAGES
            )
        ]


class LinkKind(models.TextChoices):
    """What a practice's own material is."""

    DESCRIPTION = "description", _("description")
    VIDEO = "video", _("video")
    TOOLKIT = "toolkit", _("toolkit or handbook")
    OTHER = "other", _("other material")


class PracticeLink(models.Model):
    """A link to more material on a practice: a description, a handbook, a video."""

    Kind = LinkKind

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="links", verbose_name=_("practice")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500, validators=[web_address])
    kind = models.CharField(
        _("kind of material"), max_length=12, choices=LinkKind.choices, default=LinkKind.DESCRIPTION
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "url"], name="practicelink_unique_url"),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="practicelink_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CriterionAssessment(models.Model):
    """How one practice meets one of the six criteria."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("practice"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("criterion"),
    )
    how_met = models.TextField(_("how the practice meets the criterion"), max_length=5000)
    # Empty where no rating was published: the practices of the 2016 round are described
    # against the criteria on the source pages, but their jury's scores were never made public.
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True
    )
    justification = models.TextField(_("justification of the rating"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "criterion"], name="assessment_one_per_practice_criterion"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=0) & Q(rating__lte=3)),
                name="assessment_rating_0_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice} – {self.criterion}"


# Visitors' reports of where a practice is used, and their messages to its owner.
from .adoptions import (  # noqa: E402 – they refer to the models above
    ADOPTION_FIRST_YEAR as ADOPTION_FIRST_YEAR,
)
from .adoptions import (  # noqa: E402
    REPORT_LANGUAGE_NOTES as REPORT_LANGUAGE_NOTES,
)
from .adoptions import Adoption as Adoption  # noqa: E402
from .adoptions import ContactMessage as ContactMessage  # noqa: E402
