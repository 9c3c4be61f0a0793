"""The system checks that keep new code inside the rules: CPR guard, audit registration, retention."""

from __future__ import annotations

import gc

import pytest
from django import forms
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from advisory.core import checks, retention
from advisory.core.cpr import validate_no_cpr
from advisory.core.forms import Form


def test_the_project_passes_its_own_checks():  # type: ignore[no-untyped-def]
    """Every model field and form of the advisory apps is guarded, every model audited, every kind has a period."""
    # A form class an earlier test in this process defined and dropped (``unguarded_form_class``) lives on until the
    # garbage collector frees it: its class cycle outlives the fixture's own collection while pytest still holds
    # the fixture's value. Collected now, so that the answer does not depend on the order of the tests.
    gc.collect()
    call_command("check", fail_level="ERROR")
    assert checks.check_cpr_guard_on_models() == []
    assert checks.check_cpr_guard_on_forms() == []
    assert checks.check_audit_registration() == []
    assert checks.check_retention_settings() == []


@pytest.fixture
def unguarded_form_class():  # type: ignore[no-untyped-def]
    class UnguardedForm(forms.Form):
        __module__ = "advisory.fake.forms"
        note = forms.CharField()
        email = forms.EmailField()
        secret = forms.CharField(widget=forms.PasswordInput)

    yield UnguardedForm
    del UnguardedForm
    gc.collect()  # forget the class, so that later checks in this process do not see it


def test_a_form_with_an_unguarded_free_text_field_fails_the_check(unguarded_form_class):  # type: ignore[no-untyped-def]
    errors = checks.check_cpr_guard_on_forms()
    assert [error.id for error in errors] == ["advisory.E101"]
    assert "UnguardedForm.note" in errors[0].msg


def test_forms_on_the_platform_base_get_the_guard_on_every_free_text_field():  # type: ignore[no-untyped-def]
    class NoteForm(Form):
        note = forms.CharField()
        email = forms.EmailField()

    form = NoteForm(data={"note": "Se 010190-1234", "email": "a@example.dk"})
    assert not form.is_valid()
    assert list(form.errors) == ["note"]
    assert validate_no_cpr not in NoteForm.base_fields["note"].validators  # the class itself is left untouched


@isolate_apps("advisory.core")
def test_a_model_with_an_unguarded_text_field_fails_the_check(monkeypatch):  # type: ignore[no-untyped-def]
    class Note(models.Model):  # noqa: DJ008
        text = models.TextField()
        guarded = models.CharField(max_length=10, validators=[validate_no_cpr])
        kind = models.CharField(max_length=10, choices=[("a", "A")])
        email = models.EmailField()

        class Meta:
            app_label = "core"

    monkeypatch.setattr(checks, "_advisory_models", lambda: iter([Note]))
    errors = checks.check_cpr_guard_on_models()
    assert [(error.id, error.obj.name) for error in errors] == [("advisory.E100", "text")]
    audit_errors = checks.check_audit_registration()
    assert [error.id for error in audit_errors] == ["advisory.E102"]


def test_a_kind_of_record_without_a_retention_setting_fails_the_check(monkeypatch, settings):  # type: ignore[no-untyped-def]
    settings.RETENTION = {key: days for key, days in settings.RETENTION.items() if key != "audit_log"}
    errors = checks.check_retention_settings()
    assert [error.id for error in errors] == ["advisory.E103"]
    assert "audit_log" in errors[0].msg


def test_a_kind_of_record_is_registered_once():  # type: ignore[no-untyped-def]
    kind = retention.get_kind("audit_log")
    with pytest.raises(RuntimeError):
        retention.register(kind)
