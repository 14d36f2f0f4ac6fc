"""The archive of development projects on immigration and integration.

Compiled mostly by the Finnish Institute for Health and Welfare (THL) and
handed over to the Centre of Expertise in Immigrant Integration on
17 September 2019; the archive is no longer updated.
"""

import datetime

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practices.models import Municipality, Region, TargetGroup, Theme
from website.i18n import LANGUAGE_CODES

from .querysets import ProjectQuerySet

ARCHIVE_HANDED_OVER = datetime.date(2019, 9, 17)


class Level(models.TextChoices):
    NATIONAL = "national", _("national")
    REGIONAL = "regional", _("regional")
    LOCAL = "local", _("local")


class FundingSource(models.TextChoices):
    AMIF = "amif", _("Asylum, Migration and Integration Fund (AMIF / EUSA)")
    ESF = "esf", _("European Social Fund (ESF)")
    NATIONAL = "national", _("national funding")
    MUNICIPAL = "municipal", _("municipal funding")
    OTHER = "other", _("other funding")


class NullsLastIndex(models.Index):
    """An index on expressions sorted `DESC NULLS LAST`, as a list is ordered.

    SQLite cannot say NULLS LAST in an index, but puts NULLs last in a descending
    column anyway, so there the words are left out. Being in the model, the index
    is made again whenever SQLite rebuilds the table for a migration.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        statement = super().create_sql(model, schema_editor, using=using, **kwargs)
        if schema_editor.connection.vendor == "sqlite":
            columns = str(statement.parts["columns"])
            statement.parts["columns"] = columns.replace(" NULLS LAST", "")
        return statement


class Project(models.Model):
    """A development project of the archive."""

    source_id = models.CharField(
        _("source record id"),
        max_length=64,
        unique=True,
        help_text=_("The id of the record in the source data; imports update by it."),
    )
    source_hash = models.CharField(
        _("source fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("A hash of the imported record, so an unchanged record is not written again."),
    )
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True, max_length=3000)
    description = models.TextField(_("description"), blank=True, max_length=30000)
    coordinator = models.CharField(_("coordinating organisation"), max_length=300, blank=True)
    partners = models.TextField(_("partners"), blank=True, max_length=3000)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="projects", verbose_name=_("municipalities")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="projects", verbose_name=_("regions")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="projects", verbose_name=_("themes")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="projects", verbose_name=_("target groups")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget in euros"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept current by a database trigger on PostgreSQL (see practices/search.py);
    # empty on SQLite, whose search needs no index.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = [models.F("start_date").desc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="project_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(level__in=["national", "regional", "local"]), name="project_level_valid"
            ),
            models.CheckConstraint(condition=~Q(source_id=""), name="project_source_id_not_empty"),
        ]
        indexes = [
            # The list's order (and the start year filter's ranges): a page reads 25
            # index entries instead of sorting the whole archive.
            NullsLastIndex(
                models.F("start_date").desc(nulls_last=True),
                models.F("id"),
                name="project_newest_idx",
            ),
            # Everything the level, year and status counts read, so that they scan
            # this small index instead of the wide table with its texts.
            models.Index(
                fields=["id", "level", "start_date", "end_date"], name="project_facets_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def text_languages(self) -> list[str]:
        """The languages the project's texts exist in (most records: Finnish only)."""
        return [lang for lang in LANGUAGE_CODES if getattr(self, f"name_{lang}", "")]


class ProjectFunding(models.Model):
    """One source a project was funded from; a project can have several."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding", verbose_name=_("project")
    )
    source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="projectfunding_unique"),
            models.CheckConstraint(
                condition=Q(source__in=[choice.value for choice in FundingSource]),
                name="projectfunding_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_source_display()


class ProjectLink(models.Model):
    """A link to the project's results or materials."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="links", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
