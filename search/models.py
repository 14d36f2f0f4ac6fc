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
