from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import ModelForm
from advisory.offers.models import ContactPerson, OfferText

TEXT_HELP = _(
    "Plain text: a blank line starts a new paragraph, and lines starting with “- ” become a list. "
    "HTML is shown as text."
)


class OfferTextForm(ModelForm):
    class Meta:
        model = OfferText
        fields = ("summary", "body")
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 16})}
        help_texts = {
            "summary": _("One or two sentences, shown in the list of offers and at the top of the page."),
            "body": TEXT_HELP,
        }


class ContactPersonForm(ModelForm):
    class Meta:
        model = ContactPerson
        fields = ("name", "title", "phone", "email", "position")
        help_texts = {"position": _("Contact people are shown in this order (lowest first).")}

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email") and not self.errors:
            raise forms.ValidationError(_("Give a phone number or an e-mail address (or both)."))
        position = cleaned.get("position")
        if position is not None and position > 1000:
            self.add_error("position", _("Ensure this value is less than or equal to 1000."))
        return cleaned
