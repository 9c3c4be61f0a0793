"""What the audit log names when the year's figures are read.

The figures themselves are counted live (``figures.py``); a row here exists only so that reading a year's figures
(XLSX, PDF, API) is an ACCESS entry of the audit log like any other read (``core.audit.log_read`` needs an object).
One row per year, made at the first read.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from advisory.reports.figures import FIRST_YEAR, LAST_YEAR


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )

    class Meta:
        verbose_name = _("the year's figures")
        verbose_name_plural = _("the years' figures")
        ordering = ("-year",)

    def __str__(self) -> str:
        return str(self.year)
