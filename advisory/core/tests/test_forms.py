"""The DKFDS form renderer: error state, aria wiring between field, hint and error, and the error summary."""

from __future__ import annotations

from django import forms

from advisory.core.forms import Form
from tests.helpers import Document, danish, parse_html


class ExampleForm(Form):
    name = forms.CharField(label="Name", max_length=20, help_text="As written on the door.")
    city = forms.CharField(label="City", max_length=20)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        help_text="Pick one.",
    )
    agree = forms.BooleanField(label="I agree", help_text="Tick to agree.")
    note = forms.CharField(label="Note", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, object]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("secret") == "bad":
            self.add_error("secret", "The hidden value is wrong.")
        if cleaned.get("city") == "Nowhere":
            raise forms.ValidationError("The whole form is wrong.")
        return cleaned


VALID = {"name": "Herberget", "city": "Aarhus", "kind": "a", "agree": "on"}


def render(form: forms.Form) -> Document:
    return parse_html(form.render())


def test_a_field_in_error_is_aria_invalid_and_described_by_its_hint_and_its_error():
    form = ExampleForm(data={**VALID, "name": ""})
    doc = render(form)
    field = doc.by_id("id_name")
    assert field is not None
    assert field.get("aria-invalid") == "true"
    assert field.get("aria-describedby", "").split() == ["id_name-hint", "id_name-error"]
    hint = doc.by_id("id_name-hint")
    error = doc.by_id("id_name-error")
    assert hint is not None and "As written on the door." in hint.text
    assert error is not None and danish("This field is required.") in error.text


def test_a_field_in_error_without_hint_is_described_by_its_error_only():
    doc = render(ExampleForm(data={**VALID, "city": ""}))
    field = doc.by_id("id_city")
    assert field is not None
    assert field.get("aria-invalid") == "true"
    assert field.get("aria-describedby") == "id_city-error"
    assert doc.by_id("id_city-hint") is None


def test_a_valid_field_is_described_by_its_hint_and_not_marked_invalid():
    doc = render(ExampleForm(data={**VALID, "city": ""}))
    name = doc.by_id("id_name")
    assert name is not None
    assert name.get("aria-invalid") is None
    assert name.get("aria-describedby") == "id_name-hint"
    note = doc.by_id("id_note")
    assert note is not None
    assert note.get("aria-describedby") is None


def test_an_unbound_form_has_no_error_state_and_no_summary():
    doc = render(ExampleForm())
    assert doc.find_all(aria_invalid="true") == []
    assert doc.find_all(data_error_summary="") == []
    assert doc.find_all(role="alert") == []


def test_fields_get_the_dkfds_classes_and_the_group_in_error_is_marked():
    doc = render(ExampleForm(data={**VALID, "city": ""}))
    assert "form-input" in (doc.by_id("id_name").get("class") or "").split()
    assert "form-checkbox" in (doc.by_id("id_agree").get("class") or "").split()
    groups_in_error = [g for g in doc.find_all("div") if "form-error" in (g.get("class") or "").split()]
    assert len(groups_in_error) == 1
    assert groups_in_error[0].find_all(id="id_city")


def test_radio_buttons_in_error_are_a_fieldset_described_by_hint_and_error():
    doc = render(ExampleForm(data={**VALID, "kind": ""}))
    fieldset = doc.select_one("fieldset")
    assert fieldset.get("aria-describedby", "").split() == ["id_kind-hint", "id_kind-error"]
    assert "form-error" in (fieldset.get("class") or "").split()
    assert [legend.text for legend in fieldset.find_all("legend")] == ["Kind"]
    radios = fieldset.find_all("input", type="radio")
    assert len(radios) == 2
    assert all(radio.get("aria-invalid") == "true" for radio in radios)
    assert doc.by_id("id_kind-error") is not None


def test_the_error_summary_links_every_error_to_an_element_that_exists():
    form = ExampleForm(data={"name": "", "city": "", "kind": "", "note": "x"})
    doc = render(form)
    summary = doc.select_one("div", data_error_summary="")
    assert summary.get("role") == "alert"
    assert summary.get("tabindex") == "-1"
    links = summary.find_all("a")
    assert [link.get("href") for link in links] == ["#id_name", "#id_city", "#id_kind_0", "#id_agree"]
    for link in links:
        target = (link.get("href") or "")[1:]
        assert doc.by_id(target) is not None, f"the summary links to #{target}, which is not on the page"
    assert links[0].text == f"Name: {danish('This field is required.')}"


def test_the_error_summary_lists_errors_of_the_whole_form_and_of_hidden_fields_once():
    form = ExampleForm(data={**VALID, "city": "Nowhere", "secret": "bad"})
    doc = render(form)
    summary = doc.select_one("div", data_error_summary="")
    items = [item.text for item in summary.find_all("li")]
    assert items.count("The whole form is wrong.") == 1
    assert sum("The hidden value is wrong." in item for item in items) == 1
    # Hidden fields have nothing to link to.
    assert all(link.get("href") != "#id_secret" for link in summary.find_all("a"))
