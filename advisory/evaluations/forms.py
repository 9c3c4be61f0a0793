"""The evaluation form, built from the questions in ``questions.py`` (a field per question, same key)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import Form
from advisory.evaluations.questions import QUESTIONS, SCALE, TEXT_MAX_LENGTH, Kind, Question, scale_label

CHOOSE = _("Choose an answer from 1 to 5.")
ANONYMOUS_HINT = _("Your answer is anonymous. Do not write names or other personal information.")


def scale_choices() -> list[tuple[int, str]]:
    """The labels of the scale, in the language of the request."""
    return [(value, scale_label(value)) for value in SCALE]


def _field(question: Question) -> forms.Field:
    if question.kind == Kind.SCALE:
        return forms.TypedChoiceField(
            label=question.text,
            choices=scale_choices,
            coerce=int,
            widget=forms.RadioSelect,
            required=question.required,
            error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
        )
    return forms.CharField(
        label=question.text,
        required=question.required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=ANONYMOUS_HINT,
    )


EvaluationForm: type[Form] = type(
    "EvaluationForm",
    (Form,),
    {"__module__": __name__, "__doc__": "One answer to a meeting's evaluation."}
    | {question.key: _field(question) for question in QUESTIONS},
)
