"""Off by default: the /saml2/ addresses answer 404 and the log-in page has no MitID button; on, it has."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.helpers import danish

pytestmark = pytest.mark.django_db

PATHS = ("/saml2/login/", "/saml2/acs/", "/saml2/logout/", "/saml2/ls/", "/saml2/ls/post/", "/saml2/metadata/")


def test_switched_off_every_address_is_404_and_the_log_in_page_has_no_button(settings):
    assert settings.SAML_ENABLED is False
    client = Client()
    for path in PATHS:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"SAMLResponse": "x"}).status_code == 404, path
    assert danish("Log in with MitID Erhverv") not in client.get("/accounts/login/").content.decode()


def test_switched_on_the_log_in_page_has_the_button(idp):
    page = Client().get("/accounts/login/?next=/konto/").content.decode()
    assert "Log ind med MitID Erhverv" in page
    assert 'href="/saml2/login/?next=/konto/"' in page


def test_switched_on_without_its_files_the_settings_refuse_to_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    monkeypatch.setenv("SAML_ENABLED", "1")
    monkeypatch.delenv("SAML_IDP_METADATA_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SAML_IDP_METADATA_FILE"):
        importlib.reload(config.settings)
    monkeypatch.delenv("SAML_ENABLED")
    importlib.reload(config.settings)
