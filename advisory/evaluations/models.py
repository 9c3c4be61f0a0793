"""Evaluations of a group programme's joint meetings: anonymous answers, and receipts of who answered.

Anonymity is a property of the schema, not of the pages:

- ``EvaluationResponse`` (with its ``EvaluationAnswer`` rows) holds WHAT was answered. It has a random
  UUID as primary key (no counter that follows the order of answering), the meeting, and nothing else:
  no person, no organisation, no timestamp. It is not in the audit log either (the log stores the
  actor and the time of every change; see ``audit.py`` and ``advisory.core.checks.NOT_AUDITED``).
- ``EvaluationReceipt`` holds THAT a person answered (to refuse a second answer, and to tell an
  organisation whether its people answered). It has no reference to the response.

Both are written in one transaction (``services.evaluation_answer``), so there is never a receipt
without a response or the other way round; but no column, key, time or log entry joins the two, and
with more than one answer per meeting nobody can tell from the platform which answer is whose.
(What remains: someone with direct access to the database files might guess from the physical
order of rows; and with a single answer for a meeting, the aggregate is that person's answer.)
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.evaluations.questions import TEXT_MAX_LENGTH
from advisory.organisations.models import Organisation
from advisory.programmes.models import Activity


class EvaluationRound(models.Model):
    """That the participants of a meeting have been invited to evaluate it (once per meeting)."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="evaluation_round", verbose_name=_("meeting")
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invited_count = models.PositiveIntegerField(_("people invited"), default=0)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return str(self.activity)


class EvaluationResponse(models.Model):
    """One anonymous answer to a meeting's evaluation. Deliberately without person, organisation or time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="evaluation_responses", verbose_name=_("meeting")
    )

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        # No ordering: rows have no meaningful order, and none may be suggested.

    def __str__(self) -> str:
        return str(_("Anonymous answer"))


class EvaluationAnswer(models.Model):
    """The answer to one question (by its key from ``questions.py``) within a response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(EvaluationResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=40)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH, blank=True, validators=[validate_no_cpr])

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [
            models.UniqueConstraint(fields=("response", "question"), name="unique_evaluation_answer_question"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="evaluation_answer_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.question


class EvaluationReceipt(models.Model):
    """That ``user`` (of ``organisation``) has answered the evaluation of ``activity``; not what they answered."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="evaluation_receipts", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluation_receipts", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evaluation_receipts", verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("evaluation receipt")
        verbose_name_plural = _("evaluation receipts")
        constraints = [models.UniqueConstraint(fields=("activity", "user"), name="unique_evaluation_receipt")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.activity}"
