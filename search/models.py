from django.db import models
from django.utils.translation import gettext_lazy as _


class Word(models.Model):
    """A word written in searchable content: the vocabulary spelling suggestions come from
    (search/index.py keeps it, search/engine.py suggests from it)."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        db_table = "search_word"
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class IndexState(models.Model):
    """What the search index was last built with (`analysis.signature()`): when that
    changes, the next `migrate` rebuilds the index (index.index_follow_analysis). One row."""

    ROW = 1  # the one row's id

    analysis = models.CharField(max_length=40)

    class Meta:
        db_table = "search_index_state"
        verbose_name = _("state of the search index")
        verbose_name_plural = _("states of the search index")

    def __str__(self) -> str:
        return self.analysis

    @classmethod
    def recorded(cls) -> str | None:
        """The analysis the index was built by; None when no record was written."""
        return cls.objects.filter(pk=cls.ROW).values_list("analysis", flat=True).first()

    @classmethod
    def record(cls, analysis: str) -> None:
        cls.objects.update_or_create(pk=cls.ROW, defaults={"analysis": analysis})
