"""System checks that keep new code inside the data-protection and audit rules.

- ``advisory.E100``: a CharField or TextField of a model in an ``advisory.*`` app lacks
  the CPR guard (``validators=[validate_no_cpr]``).
- ``advisory.E101``: a form of an ``advisory.*`` module has a free-text field without
  the guard (derive the form from ``advisory.core.forms.Form``/``ModelForm``).
- ``advisory.E102``: a model of an ``advisory.*`` app is not registered with the audit
  log (add it to the app's ``audit.py``, or, for a deliberate exception, to ``NOT_AUDITED``).
- ``advisory.E103``: a kind of record in the retention registry has no ``RETENTION``
  setting.

They run with every ``manage.py`` command (and in CI's ``check --deploy``), so new
code cannot forget them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import models
from django.urls import get_resolver
from django.utils.module_loading import autodiscover_modules

from advisory.core import retention
from advisory.core.cpr import has_cpr_validator
from advisory.core.forms import CprGuardMixin, is_free_text_form_field

# Model fields that hold machine-made or structured values, not free text: "app_label.Model.field" -> why.
NOT_FREE_TEXT: dict[str, str] = {
    "accounts.User.password": "a password hash made by Django",
    "accounts.ApiToken.token_hash": "a SHA-256 digest made by the platform",
    "accounts.ApiToken.prefix": "the first characters of a random token made by the platform",
    "programmes.Activity.key": "a key the planning engine makes from the template (e.g. reflection_meeting-2)",
    "programmes.Activity.template_key": "the key of the template activity, from the template's data",
    "programmes.Activity.phase": "the key of a phase, from the template's data",
    "programmes.SlotOffer.template_key": "the key of the template activity, from the template's data",
    "programmes.Activity.accepted_soft_period": "the key of a soft closed period, from the year's data (data/year)",
    "evaluations.EvaluationAnswer.question": "the key of a question from advisory/evaluations/questions.py",
    "programmes.CriterionCheck.criterion": "the text of a success criterion, copied from the template's data",
}

# Models deliberately kept out of the audit log: "app_label.Model" -> why (advisory.E102 accepts them).
NOT_AUDITED: dict[str, str] = {
    "evaluations.EvaluationResponse": "anonymous evaluation answers; a log entry would store who answered and when",
    "evaluations.EvaluationAnswer": "part of an anonymous evaluation answer (see EvaluationResponse)",
}


def _advisory_models() -> Iterator[type[models.Model]]:
    for config in apps.get_app_configs():
        if config.name.startswith("advisory."):
            yield from config.get_models()


def _is_free_text_model_field(field: models.Field[Any, Any]) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField)
        and not field.choices
        and field.editable
    )


@register(Tags.models)
def check_cpr_guard_on_models(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for model in _advisory_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field) or not _is_free_text_model_field(field):
                continue
            label = f"{model._meta.label}.{field.name}"
            if label in NOT_FREE_TEXT or has_cpr_validator(field.validators):
                continue
            errors.append(
                Error(
                    f"{label} is a free-text field without the CPR-number guard.",
                    hint="Add validators=[validate_no_cpr] (advisory.core.cpr), or list the field in "
                    "advisory.core.checks.NOT_FREE_TEXT with the reason it is not free text.",
                    obj=field,
                    id="advisory.E100",
                )
            )
    return errors


T = TypeVar("T")


def _subclasses(cls: type[T]) -> Iterator[type[T]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _model_field_is_guarded(form_class: type[forms.BaseForm], name: str) -> bool:
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return False
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return False
    return has_cpr_validator(getattr(model_field, "validators", []))


@register()
def check_cpr_guard_on_forms(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    # Import every form: the forms modules, and the views and endpoints through the URL conf.
    autodiscover_modules("forms")
    get_resolver().url_patterns  # noqa: B018
    errors = []
    seen: set[type] = set()
    for form_class in _subclasses(forms.BaseForm):
        if form_class in seen or not form_class.__module__.startswith("advisory."):
            continue
        seen.add(form_class)
        if issubclass(form_class, CprGuardMixin):
            continue
        base_fields: dict[str, forms.Field] = getattr(form_class, "base_fields", {})  # set by the form metaclass
        for name, field in base_fields.items():
            if not is_free_text_form_field(field) or has_cpr_validator(field.validators):
                continue
            if _model_field_is_guarded(form_class, name):
                continue
            errors.append(
                Error(
                    f"{form_class.__module__}.{form_class.__qualname__}.{name} is a free-text form field "
                    "without the CPR-number guard.",
                    hint="Derive the form from advisory.core.forms.Form or ModelForm, or add "
                    "validators=[validate_no_cpr] to the field.",
                    obj=form_class,
                    id="advisory.E101",
                )
            )
    return errors


@register(Tags.models)
def check_audit_registration(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from auditlog.registry import auditlog

    errors = []
    for model in _advisory_models():
        if model._meta.proxy or model._meta.auto_created or auditlog.contains(model):
            continue
        if model._meta.label in NOT_AUDITED:
            continue
        errors.append(
            Error(
                f"{model._meta.label} is not registered with the audit log.",
                hint=f"Register it in {model._meta.app_config.name}.audit (see advisory/core/audit.py).",
                obj=model,
                id="advisory.E102",
            )
        )
    return errors


@register()
def check_retention_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    configured = getattr(settings, "RETENTION", {})
    return [
        Error(
            f"The kind of record {kind.key!r} has no retention period.",
            hint=f"Add RETENTION[{kind.key!r}] (days) to config/settings.py, read from an environment variable.",
            id="advisory.E103",
        )
        for kind in retention.registered_kinds()
        if not isinstance(configured.get(kind.key), int)
    ]
