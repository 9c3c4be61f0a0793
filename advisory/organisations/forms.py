from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import User
from advisory.core.forms import Form, ModelForm, form_field
from advisory.organisations.models import MembershipFunction, Organisation, OrganisationKind, Region
from advisory.organisations.services import check_shelter_name

# Messages the tests import.
SHELTER_NAME_REQUIRED = _("Enter the shelter's name.")
MUNICIPALITY_INVALID_CHOICE = _("Choose a municipality from the list.")


class ShelterForm(ModelForm):
    class Meta:
        model = Organisation
        fields = ("name", "municipality", "tilbudsportalen_id", "cvr", "address")
        labels = {"name": _("Name of the shelter")}
        help_texts = {
            "tilbudsportalen_id": _("Optional. The offer's number on Tilbudsportalen."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = form_field(self, "municipality", forms.ModelChoiceField)
        municipality.queryset = Organisation.objects.municipalities().order_by("name")
        municipality.required = True
        municipality.empty_label = _("Choose a municipality")
        municipality.error_messages["invalid_choice"] = MUNICIPALITY_INVALID_CHOICE
        form_field(self, "name", forms.CharField).strip = True

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(SHELTER_NAME_REQUIRED)
        return name

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # The services check this too; asked here as well so that the message lands on the name field before
        # the model's validation reports the database constraint's form-wide one.
        try:
            check_shelter_name(
                name=cleaned.get("name", ""), municipality=cleaned.get("municipality"), shelter=self.instance
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _post_clean(self) -> None:
        self.instance.kind = OrganisationKind.SHELTER
        super()._post_clean()  # type: ignore[misc]  # ModelForm's hook, private in Django and absent from django-stubs


class MunicipalityForm(ModelForm):
    """Advisors edit a municipality's address and CVR number; the code and name are reference data."""

    class Meta:
        model = Organisation
        fields = ("cvr", "address")


class OrganisationFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices])
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.order_by("code"), empty_label=_("All regions")
    )


class MembershipForm(Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    function = forms.ChoiceField(label=_("Function in the organisation"), choices=MembershipFunction.choices)


PASSWORDS_DIFFER = _("The two passwords are not the same.")


class InvitationSignupForm(Form):
    """A person without an account accepts an invitation: their name and a password (Django's validators)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        # Django's validators say what they require, in the language of the request.
        self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif password1:
            person = User(
                email=self.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(password1, user=person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
