"""A test identity provider built with pysaml2: its own keys (made at test time), metadata, signed answers.

In-process tests call ``TestIdP.answer(...)`` with the AuthnRequest the platform sent; the browser journey runs
``IdPServer``, a small HTTP server in a thread that shows a "log in as" page and posts the answer back.
Nothing here is committed as a key: every key and certificate is made into a temporary directory.
"""

from __future__ import annotations

import base64
import datetime
import functools
import html
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import saml2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from advisory.saml import config as saml_config


@dataclass(frozen=True)
class KeyPair:
    key_file: str
    cert_file: str


@functools.cache
def _private_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name and test process: generating a 2048-bit key is most of a SAML test's set-up (three a
    test), and a key of another name (the platform's, the IdP's, an intruder's) is still another key."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_key_pair(directory: Path, name: str) -> KeyPair:
    """An RSA key (``_private_key``) and a new self-signed certificate (valid from yesterday for two years), as PEM
    files."""
    key = _private_key(name)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"test {name}")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=730))
        .sign(key, hashes.SHA256())
    )
    key_file = directory / f"{name}.key"
    cert_file = directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return KeyPair(str(key_file), str(cert_file))


def oiosaml_attributes(
    *, email: str, cvr: str, persistent_uuid: str, loa: str = "Substantial", cpr: str | None = "0101901234"
) -> dict[str, Any]:
    """What NemLog-in asserts about an employee (OIOSAML 3), with a CPR number the platform must not keep."""
    attributes: dict[str, Any] = {
        saml_config.SPEC_VERSION: ["OIO-SAML-3.0"],
        saml_config.LOA: [loa],
        saml_config.PERSISTENT_UUID: [persistent_uuid],
        saml_config.CVR: [cvr],
        saml_config.EMAIL: [email],
        saml_config.ORGANISATION_NAME: ["Aarhus Kommune"],
    }
    if cpr:
        attributes[saml_config.CPR_ATTRIBUTES[0]] = [cpr]
    return attributes


@dataclass
class TestIdP:
    """The IdP's configuration and keys; ``sp_metadata_file`` is set by ``configure_platform``."""

    directory: Path
    base_url: str
    keys: KeyPair
    sp_metadata_file: str = ""
    _server: Server | None = field(default=None, repr=False)

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/idp/metadata"

    @property
    def sso_url(self) -> str:
        return f"{self.base_url}/idp/sso"

    @property
    def slo_url(self) -> str:
        return f"{self.base_url}/idp/slo"

    def config(self, keys: KeyPair | None = None) -> IdPConfig:
        keys = keys or self.keys
        conf: dict[str, Any] = {
            "entityid": self.entity_id,
            "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
            "key_file": keys.key_file,
            "cert_file": keys.cert_file,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(self.sso_url, saml2.BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(self.slo_url, saml2.BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "sign_assertion": True,
                    "sign_response": False,
                    "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": saml2.saml.NAME_FORMAT_URI}},
                }
            },
            "allow_unknown_attributes": True,
        }
        if self.sp_metadata_file:
            conf["metadata"] = {"local": [self.sp_metadata_file]}
        idp_conf = IdPConfig()
        idp_conf.load(conf)
        return idp_conf

    def write_metadata(self) -> str:
        path = self.directory / "idp-metadata.xml"
        path.write_text(str(entity_descriptor(self.config())))
        return str(path)

    def server(self, keys: KeyPair | None = None) -> Server:
        if keys is not None:
            return Server(config=self.config(keys))
        if self._server is None:
            self._server = Server(config=self.config())
        return self._server

    def read_request(self, location: str) -> tuple[str, str, dict[str, str]]:
        """The AuthnRequest's id and the RelayState from the platform's redirect to the IdP (signature checked)."""
        query = {key: values[0] for key, values in parse_qs(urlparse(location).query).items()}
        server = self.server()
        # The IdP wants signed requests: pysaml2 checks the redirect binding's signature against our metadata.
        request = server.parse_authn_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        return request.message.id, query.get("RelayState", ""), query

    def answer(
        self,
        request_id: str | None,
        attributes: dict[str, Any],
        *,
        acs_url: str | None = None,
        audience: str | None = None,
        sign: bool = True,
        keys: KeyPair | None = None,
        encrypt: bool = False,
        name_id: str | None = None,
        tamper: bool = False,
    ) -> str:
        """A SAML Response (base64, for the HTTP-POST binding) answering ``request_id``."""
        server = self.server(keys)
        sp_entity_id = settings.SAML_ENTITY_ID
        acs_url = acs_url or f"{settings.SITE_URL}/saml2/acs/"
        persistent = attributes.get(saml_config.PERSISTENT_UUID, [str(uuid.uuid4())])[0]
        kwargs: dict[str, Any] = {}
        if encrypt:
            kwargs.update(encrypt_assertion=True, encrypt_cert_assertion=_cert_text(settings.SAML_ENCRYPTION_CERT_FILE))
        response = server.create_authn_response(
            identity=attributes,
            in_response_to=request_id,
            destination=acs_url,
            sp_entity_id=audience or sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id or persistent),
            authn={"class_ref": saml_config.LOA_CLASS_REF + attributes[saml_config.LOA][0]},
            sign_assertion=sign,
            sign_response=False,
            userid=persistent,
            **kwargs,
        )
        text = str(response)
        if tamper:
            # Change a signed value after signing: the digest no longer matches.
            text = text.replace("Aarhus Kommune", "Aarhus Kommunx")
        return base64.b64encode(text.encode()).decode()

    def logout_answer(self, location: str) -> str:
        """The IdP's answer to the platform's LogoutRequest: the redirect back to its /saml2/ls/."""
        query = {key: values[0] for key, values in parse_qs(urlparse(location).query).items()}
        server = self.server()
        request = server.parse_logout_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        sp_entity_id = request.message.issuer.text
        response = server.create_logout_response(request.message, [saml2.BINDING_HTTP_REDIRECT])
        destinations = server.metadata.single_logout_service(sp_entity_id, saml2.BINDING_HTTP_REDIRECT, "spsso")
        http_info = server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            str(response),
            destinations[0]["location"],
            query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=saml2.xmldsig.SIG_RSA_SHA256,
        )
        return dict(http_info["headers"])["Location"]


def _cert_text(path: str) -> str:
    return Path(path).read_text()


def configure_platform(directory: Path, base_url: str, settings: Any, *, idp_base_url: str | None = None) -> TestIdP:
    """Switch MitID Erhverv on for a test: keys for the platform and the IdP, metadata both ways."""
    directory.mkdir(parents=True, exist_ok=True)
    sp_keys = make_key_pair(directory, "sp-signing")
    sp_encryption = make_key_pair(directory, "sp-encryption")
    idp = TestIdP(
        directory=directory, base_url=idp_base_url or "https://idp.test", keys=make_key_pair(directory, "idp")
    )
    settings.SITE_URL = base_url
    settings.SAML_ENABLED = True
    settings.SAML_ENTITY_ID = f"{base_url}/saml2/metadata/"
    settings.SAML_SIGNING_KEY_FILE = sp_keys.key_file
    settings.SAML_SIGNING_CERT_FILE = sp_keys.cert_file
    settings.SAML_ENCRYPTION_KEY_FILE = sp_encryption.key_file
    settings.SAML_ENCRYPTION_CERT_FILE = sp_encryption.cert_file
    settings.SAML_IDP_METADATA_FILE = idp.write_metadata()
    from advisory.saml.config import sp_config

    sp_metadata = directory / "sp-metadata.xml"
    sp_metadata.write_text(str(entity_descriptor(sp_config())))
    idp.sp_metadata_file = str(sp_metadata)
    return idp


class IdPServer:
    """The test IdP over HTTP for the browser: GET /idp/sso shows "Log ind som …" with the people it knows;
    POST /idp/sso posts the signed answer to the platform (a form with a button, no script);
    GET /idp/slo answers a logout request with a redirect back."""

    def __init__(self, people: dict[str, dict[str, Any]], host: str = "localhost") -> None:
        self.people = people
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        # On the platform's host (another port is the same site): the SAML session's Lax cookie goes with the post.
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.idp: TestIdP | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def __enter__(self) -> IdPServer:
        assert self.idp is not None, "configure_platform(..., idp_base_url=server.url) first, then server.idp = …"
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def known_idp(self) -> TestIdP:
        assert self.idp is not None
        return self.idp

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _html(self, body: str, status: int = 200) -> None:
                data = (
                    '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Test-IdP</title></head>'
                    f"<body><main>{body}</main></body></html>"
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = f"{server.url}{self.path}"
                if self.path.startswith("/idp/sso"):
                    request_id, relay_state, _query = server.known_idp.read_request(url)
                    options = "".join(
                        f'<button type="submit" name="person" value="{html.escape(key)}">Log ind som {html.escape(key)}'
                        "</button>"
                        for key in server.people
                    )
                    self._html(
                        '<h1>Test-IdP (MitID Erhverv)</h1><form method="post" action="/idp/sso">'
                        f'<input type="hidden" name="request_id" value="{html.escape(request_id)}">'
                        f'<input type="hidden" name="relay_state" value="{html.escape(relay_state)}">'
                        f"{options}</form>"
                    )
                elif self.path.startswith("/idp/slo"):
                    location = server.known_idp.logout_answer(url)
                    self.send_response(302)
                    self.send_header("Location", location)
                    self.end_headers()
                else:
                    self._html("<h1>Ikke fundet</h1>", 404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                attributes = server.people[form["person"]]
                answer = server.known_idp.answer(form["request_id"], attributes, encrypt=True)
                acs = f"{settings.SITE_URL}/saml2/acs/"
                self._html(
                    f'<h1>Videre til platformen</h1><form method="post" action="{html.escape(acs)}">'
                    f'<input type="hidden" name="SAMLResponse" value="{answer}">'
                    f'<input type="hidden" name="RelayState" value="{html.escape(form.get("relay_state", ""))}">'
                    '<button type="submit">Fortsæt</button></form>'
                )

        return Handler
