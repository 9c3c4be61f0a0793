"""Who has logged in with MitID Erhverv (the link to their professional identity) and which assertions were used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr


class SamlIdentity(models.Model):
    """A person's professional MitID Erhverv identity, linked at their first log-in.

    The persistent UUID is NemLog-in's name for the person as an employee; it stays when their e-mail
    address changes. A person who works for two organisations has one per organisation (CVR number).
    Only the UUID and the CVR number it came with are kept (never the CPR number).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saml_identities", verbose_name=_("person")
    )
    persistent_uuid = models.CharField(
        _("MitID Erhverv persistent UUID"), max_length=100, unique=True, validators=[validate_no_cpr]
    )
    cvr = models.CharField(_("CVR number"), max_length=8, validators=[validate_no_cpr])
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)
    last_login_at = models.DateTimeField(_("last log-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("MitID Erhverv identity")
        verbose_name_plural = _("MitID Erhverv identities")

    def __str__(self) -> str:
        return f"{self.user} ({self.cvr})"


class SeenAssertion(models.Model):
    """The id of an assertion that has logged someone in: the same id again is a replay and refused.

    Kept until the assertion has expired (after that its validity window refuses it anyway); then removed by
    ``manage.py apply_retention`` (kind ``saml_assertion_ids``). A table, not a cache, so that every web
    process sees the same ids.
    """

    data_version_exempt = True  # the replay cache, written at every log-in (advisory/core/changes.py)

    assertion_id = models.CharField(max_length=200, unique=True, validators=[validate_no_cpr])
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used SAML assertion")
        verbose_name_plural = _("used SAML assertions")

    def __str__(self) -> str:
        return self.assertion_id
