"""The evaluation's questions: the one place they are defined (as data, not in views or templates).

Each answer is stored with its question's ``key``, so a question can be added here without a schema
change; a key must never be reused for a different question (old answers keep their meaning).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Kind(StrEnum):
    SCALE = "scale"  # 1 (strongly disagree) .. 5 (strongly agree)
    TEXT = "text"  # free text, optional


SCALE = (1, 2, 3, 4, 5)
SCALE_ENDS: dict[int, StrPromise] = {1: _("Strongly disagree"), 5: _("Strongly agree")}
TEXT_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Question:
    key: str
    text: StrPromise
    kind: Kind
    required: bool = True


SPARRING = "sparring"
USEFUL = "useful"
COMMENT = "comment"

QUESTIONS: tuple[Question, ...] = (
    Question(SPARRING, _("I got relevant sparring and input for our development work"), Kind.SCALE),
    Question(USEFUL, _("The meeting was useful for our local work"), Kind.SCALE),
    Question(COMMENT, _("What would you like to tell us?"), Kind.TEXT, required=False),
)

BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}
SCALE_KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS if q.kind == Kind.SCALE)
TEXT_KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS if q.kind == Kind.TEXT)


def scale_label(value: int) -> str:
    """The label of a value of the scale: "1 – Helt uenig", "2", … "5 – Helt enig"."""
    end = SCALE_ENDS.get(value)
    return f"{value} – {end}" if end else str(value)
