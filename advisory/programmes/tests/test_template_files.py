"""The built-in templates are data files (data/templates/*.json), checked against their schema when loaded."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from advisory.organisations.models import Organisation
from advisory.programmes import template_data
from advisory.programmes.models import ProgrammeTemplate


def test_the_schema_is_a_valid_schema_and_the_shipped_templates_pass_it():
    schema = json.loads((template_data.TEMPLATE_DIR / template_data.SCHEMA_NAME).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(template_data.TEMPLATE_DIR.glob("*.json")):
        if path.name != template_data.SCHEMA_NAME:
            assert list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))) == [], path.name
    assert [t["kind"] for t in template_data.builtin_templates()] == ["group", "individual", "taskforce"]


def test_the_agreement_terms_come_from_the_templates():
    assert template_data.agreement_terms(
        template_data.builtin_template("individual"), "individual"
    ) == template_data.AgreementTerms(
        signing="agreement_signed", runs_from="agreement_signed", months=18, requires_goal=True
    )
    assert template_data.agreement_terms(
        template_data.builtin_template("taskforce"), "taskforce"
    ) == template_data.AgreementTerms(signing="collaboration_agreement", runs_from="start", months=24)
    assert template_data.agreement_terms(template_data.builtin_template("group"), "group") is None
    # A version stored before the terms were template data takes the built-in template's.
    assert template_data.agreement_terms({}, "taskforce") == template_data.agreement_terms(
        template_data.builtin_template("taskforce"), "taskforce"
    )


@pytest.fixture
def template_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/templates that the loader reads instead."""
    copy = tmp_path / "templates"
    shutil.copytree(template_data.TEMPLATE_DIR, copy)
    monkeypatch.setattr(template_data, "TEMPLATE_DIR", copy)
    return copy


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _refused(message: str) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("load_reference_data", stdout=StringIO())
    assert str(refused.value) == f"Programme template not loaded: {message}"
    # Nothing was loaded: neither the municipalities nor any template.
    assert Organisation.objects.count() == 0
    assert ProgrammeTemplate.objects.count() == 0


@pytest.mark.django_db
def test_a_value_the_schema_refuses_stops_the_load_naming_the_file_and_the_place(template_dir):
    individual = template_dir / "individual.json"
    _edit(individual, lambda data: data["activities"][4]["placement"].update(amount="three"))
    _refused(f"{individual}: at activities/4/placement/amount: 'three' is not of type 'integer'")


@pytest.mark.django_db
def test_a_missing_required_value_names_the_object_it_is_missing_from(template_dir):
    taskforce = template_dir / "taskforce.json"
    _edit(taskforce, lambda data: data["agreement"].pop("months"))
    _refused(f"{taskforce}: at agreement: 'months' is a required property")


@pytest.mark.django_db
def test_a_reference_to_an_unknown_key_stops_the_load(template_dir):
    group = template_dir / "group.json"
    _edit(group, lambda data: data["activities"][0]["placement"].update(ref="kick_off"))
    _refused(f"{group}: expectations_call refers to unknown kick_off")


@pytest.mark.django_db
def test_a_file_that_is_not_json_stops_the_load(template_dir):
    group = template_dir / "group.json"
    group.write_text('{"kind": "group",', encoding="utf-8")
    with pytest.raises(CommandError, match=f"Programme template not loaded: {group}: not valid JSON: "):
        call_command("load_reference_data", stdout=StringIO())
    assert ProgrammeTemplate.objects.count() == 0


@pytest.mark.django_db
def test_the_load_stays_idempotent_with_the_shipped_files():
    call_command("load_reference_data", stdout=StringIO())
    call_command("load_reference_data", stdout=StringIO())
    assert sorted(ProgrammeTemplate.objects.values_list("kind", flat=True)) == ["group", "individual", "taskforce"]
    for template in ProgrammeTemplate.objects.all():
        assert template.versions.count() == 1
        assert template.versions.get().spec == template_data.builtin_template(template.kind)
