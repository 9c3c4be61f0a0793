"""The service provider's pysaml2 configuration, built from the settings (config/settings.py, SAML_*).

djangosaml2 calls ``sp_config`` for every SAML request (``SAML_CONFIG_LOADER``), so the tests can change the
settings per test. The profile is OIOSAML 3 (NemLog-in): AuthnRequests signed and sent by HTTP-Redirect,
assertions signed (and accepted encrypted to our encryption certificate), no unsolicited answers, a small
clock skew, attributes named by their URIs.
"""

from __future__ import annotations

from typing import Any

import saml2
from django.conf import settings
from django.http import HttpRequest
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

# The OIOSAML 3 attributes the platform reads (and asks NemLog-in for).
SPEC_VERSION = "https://data.gov.dk/model/core/specVersion"
LOA = "https://data.gov.dk/concept/core/nsis/loa"
PERSISTENT_UUID = "https://data.gov.dk/model/core/eid/professional/uuid/persistent"
CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
EMAIL = "https://data.gov.dk/model/core/eid/email"
ORGANISATION_NAME = "https://data.gov.dk/model/core/eid/professional/orgName"
FIRST_NAME = "https://data.gov.dk/model/core/eid/firstName"
LAST_NAME = "https://data.gov.dk/model/core/eid/lastName"
# Sent by some IdPs when asked; never requested, never kept (see views.scrub_identity).
CPR_ATTRIBUTES = (
    "https://data.gov.dk/model/core/eid/cprNumber",
    "https://data.gov.dk/model/core/eid/professional/cpr",
)
SPEC_VERSION_VALUE = "OIO-SAML-3.0"
LOA_ORDER = ("Low", "Substantial", "High")
LOA_CLASS_REF = "https://data.gov.dk/concept/core/nsis/loa/"

REQUIRED_ATTRIBUTES = (SPEC_VERSION, LOA, PERSISTENT_UUID, CVR, EMAIL)
OPTIONAL_ATTRIBUTES = (ORGANISATION_NAME, FIRST_NAME, LAST_NAME)


def config_dict() -> dict[str, Any]:
    site = settings.SITE_URL
    sp: dict[str, Any] = {
        "name": "Rådgivningsfunktionen på hjemløshedsområdet",
        "endpoints": {
            "assertion_consumer_service": [(f"{site}/saml2/acs/", saml2.BINDING_HTTP_POST)],
            "single_logout_service": [
                (f"{site}/saml2/ls/", saml2.BINDING_HTTP_REDIRECT),
                (f"{site}/saml2/ls/post/", saml2.BINDING_HTTP_POST),
            ],
        },
        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
        "authn_requests_signed": True,
        "logout_requests_signed": True,
        "logout_responses_signed": True,
        "want_assertions_signed": True,
        "want_response_signed": False,  # NemLog-in signs the assertion; the response around it may be unsigned
        "allow_unsolicited": False,  # InResponseTo must name a request this browser's session sent
        "signing_algorithm": SIG_RSA_SHA256,
        "digest_algorithm": DIGEST_SHA256,
        "required_attributes": list(REQUIRED_ATTRIBUTES),
        "optional_attributes": list(OPTIONAL_ATTRIBUTES),
        "force_authn": False,
    }
    config: dict[str, Any] = {
        "entityid": settings.SAML_ENTITY_ID,
        "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
        "service": {"sp": sp},
        "metadata": {"local": [settings.SAML_IDP_METADATA_FILE]},
        "key_file": settings.SAML_SIGNING_KEY_FILE,
        "cert_file": settings.SAML_SIGNING_CERT_FILE,
        "encryption_keypairs": [
            {"key_file": settings.SAML_ENCRYPTION_KEY_FILE, "cert_file": settings.SAML_ENCRYPTION_CERT_FILE}
        ],
        "accepted_time_diff": settings.SAML_CLOCK_SKEW_SECONDS,
        "allow_unknown_attributes": True,  # the OIOSAML attributes are kept under their URIs
        "valid_for": 24 * 30,  # hours: the metadata's validUntil
        "organization": {
            "name": [(settings.SAML_ORGANISATION_NAME, "da")],
            "display_name": [(settings.SAML_ORGANISATION_NAME, "da")],
            "url": [(site, "da")],
        },
    }
    if settings.SAML_CONTACT_EMAIL:
        config["contact_person"] = [
            {"contact_type": "technical", "email_address": [f"mailto:{settings.SAML_CONTACT_EMAIL}"]}
        ]
    return config


def sp_config(request: HttpRequest | None = None) -> SPConfig:
    conf = SPConfig()
    conf.load(config_dict())
    return conf
