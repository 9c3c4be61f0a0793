"""The SAML endpoints (djangosaml2's views with the platform's checks), mounted at /saml2/ (config/urls.py).

Off (``SAML_ENABLED`` unset) every address answers 404. On:

- ``/saml2/metadata/``: the service provider's metadata, signed with the signing key.
- ``/saml2/login/``: a signed AuthnRequest by HTTP-Redirect, asking for NSIS Substantial or more.
- ``/saml2/acs/`` (POST from the IdP, CSRF-exempt: the signed assertion is the proof): pysaml2 checks the
  signature (assertions must be signed; encrypted ones are decrypted), audience, recipient, validity window with
  ``SAML_CLOCK_SKEW_SECONDS`` and ``InResponseTo`` (a request this browser's SAML session sent); then the OIOSAML
  version, the assurance level, the assertion id against those already used (a table, so every web process sees
  them), and the person (``identity.person_for``). A refusal is a Danish page (403) and nobody is logged in.
- ``/saml2/logout/``: single logout (allauth's "Log ud" continues here for a MitID Erhverv session);
  ``/saml2/ls/`` and ``/saml2/ls/post/``: the IdP's logout requests and answers.

Every log-in, refusal and logout goes to the audit log (``events``). The CPR number, should the IdP send it, is
dropped from the answer before anything reads it and never reaches the session.
"""

from __future__ import annotations

import datetime
from typing import Any

import saml2
from django.conf import settings
from django.contrib import auth
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from saml2.metadata import entity_descriptor, sign_entity_descriptor
from saml2.response import StatusError, UnsolicitedResponse
from saml2.saml import AuthnContextClassRef
from saml2.samlp import RequestedAuthnContext
from saml2.sigver import SignatureError, security_context, verify_redirect_signature
from saml2.validate import ResponseLifetimeExceed, ToEarly

from advisory.accounts.security import LOGOUT_CONTINUES_SESSION_KEY, STRONG_LOGIN_SESSION_KEY
from advisory.saml import config as saml_config
from advisory.saml import events
from advisory.saml.identity import Refusal, check_profile, counts_as_two_factor, person_for
from advisory.saml.models import SeenAssertion

# The key djangosaml2's identity cache uses in the SAML session, and ours for the person (for the logout's log).
IDENTITY_CACHE_KEY = "_saml2_identities"
USER_KEY = "_advisory_user_id"
# A NemLog-in answer is a few kilobytes; anything near Django's body limit is not one.
MAX_ANSWER = 200_000

UNKNOWN_PERSON = _(
    "We could not find you on the platform under the organisation your MitID Erhverv belongs to. "
    "Ask your organisation's coordinator to invite you (the invitation is sent to your work e-mail address); "
    "after that you can log in with MitID Erhverv."
)
REFUSED_TITLE = _("Log-in with MitID Erhverv refused")
LOGOUT_FAILED_TITLE = _("Log-out from NemLog-in failed")
LOGOUT_FAILED = _(
    "The answer about logging out from NemLog-in could not be read. You are logged out of the platform; close the "
    "browser to end the NemLog-in session too."
)
GENERIC = _("The log-in with MitID Erhverv could not be completed. Please try again from the log-in page.")
REFUSAL_MESSAGES = {
    "unknown_person": UNKNOWN_PERSON,
    "organisation_mismatch": UNKNOWN_PERSON,
    "inactive": _("Your account on the platform is closed. Contact Social- og Boligstyrelsen."),
    "loa_too_low": _(
        "The platform requires MitID Erhverv at assurance level Substantial or High. "
        "Log in again with MitID (not with a user name and password alone)."
    ),
    "expired": _("The log-in took too long or your computer's clock is wrong. Please try again."),
    "not_yet_valid": _("The log-in took too long or your computer's clock is wrong. Please try again."),
    "idp_status": _("The log-in with MitID Erhverv was cancelled or refused at NemLog-in."),
}


def _enabled() -> None:
    if not settings.SAML_ENABLED:
        raise Http404


class EnabledMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _enabled()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def scrub_identity(saml_session: Any) -> None:
    """Remove the CPR attributes from the identities djangosaml2 keeps in the SAML session."""
    identities = saml_session.get(IDENTITY_CACHE_KEY)
    if not isinstance(identities, dict):
        return
    changed = False
    for per_idp in identities.values():
        for _entity, entry in list(per_idp.items()) if isinstance(per_idp, dict) else []:
            info = entry[1] if isinstance(entry, list | tuple) and len(entry) == 2 else None
            ava = info.get("ava") if isinstance(info, dict) else None
            if isinstance(ava, dict):
                for name in saml_config.CPR_ATTRIBUTES:
                    if ava.pop(name, None) is not None:
                        changed = True
    if changed:
        saml_session[IDENTITY_CACHE_KEY] = identities
        saml_session.modified = True


def refusal_reason(exception: BaseException | None) -> str:
    """The reason's code for what pysaml2 (or our checks) raised."""
    if isinstance(exception, Refusal):
        return exception.reason
    message = str(exception or "")
    if isinstance(exception, ResponseLifetimeExceed):
        return "expired"
    if isinstance(exception, ToEarly):
        return "not_yet_valid"
    if isinstance(exception, UnsolicitedResponse):
        return "unknown_request"
    if isinstance(exception, SignatureError):
        return "unsigned" if "missing" in message.lower() else "bad_signature"
    if isinstance(exception, StatusError):
        return "idp_status"
    if "AudienceRestriction" in message:
        return "audience"
    if "recipient" in message.lower():
        return "recipient"
    if "signature" in message.lower() or "signed" in message.lower():
        return "bad_signature"
    return "invalid"


class LoginView(EnabledMixin, saml_views.LoginView):
    def unknown_idp(self, request: HttpRequest, idp: str) -> HttpResponse:
        events.record(request, events.REFUSED, reason="unknown_idp", idp=str(idp)[:200])
        return refused_page(request, "unknown_idp", status=400)

    def load_sso_kwargs(self, sso_kwargs: dict[str, Any]) -> None:
        # NSIS assurance level Substantial or higher (OIOSAML 3: the level's URI as AuthnContextClassRef).
        sso_kwargs["requested_authn_context"] = RequestedAuthnContext(
            authn_context_class_ref=[AuthnContextClassRef(text=saml_config.LOA_CLASS_REF + settings.SAML_MINIMUM_LOA)],
            comparison="minimum",
        )


# The IdP posts from its own site: no CSRF token; the signed assertion answering our request is the proof.
@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(EnabledMixin, saml_views.AssertionConsumerServiceView):
    refusal: Refusal | None = None
    loa: str = ""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.POST.get("SAMLResponse"), str) or len(request.POST["SAMLResponse"]) > MAX_ANSWER:
            events.record(request, events.REFUSED, reason="no_answer")
            return refused_page(request, "no_answer", status=400)
        try:
            return super().post(request)
        finally:
            scrub_identity(request.saml_session)  # type: ignore[attr-defined]

    def custom_validation(self, response: Any) -> None:
        # Drop the CPR number first, so that nothing after this sees it.
        for name in saml_config.CPR_ATTRIBUTES:
            response.ava.pop(name, None)
        try:
            self.loa = check_profile(response.ava)
            self._remember_assertion(response)
        except Refusal as refusal:
            self.refusal = refusal
            raise

    @staticmethod
    def _remember_assertion(response: Any) -> None:
        assertion_id = str(response.assertion.id or "")[:200]
        if not assertion_id:
            raise Refusal("invalid")
        ends = getattr(response, "not_on_or_after", 0) or 0
        expires_at = (
            datetime.datetime.fromtimestamp(ends, tz=datetime.UTC) if ends else timezone.now()
        ) + datetime.timedelta(seconds=settings.SAML_CLOCK_SKEW_SECONDS + 3600)
        try:
            with transaction.atomic():
                SeenAssertion.objects.create(assertion_id=assertion_id, expires_at=expires_at)
        except IntegrityError:
            raise Refusal("replayed", assertion_id=assertion_id) from None

    def authenticate_user(
        self,
        request: HttpRequest,
        session_info: dict[str, Any],
        attribute_mapping: Any,
        create_unknown_user: Any,
        assertion_info: Any,
    ) -> Any:
        try:
            user, linked_now = person_for(session_info.get("ava") or {})
        except Refusal as refusal:
            self.refusal = refusal
            raise
        auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])  # type: ignore[attr-defined]
        request.saml_session[USER_KEY] = user.pk  # type: ignore[attr-defined]
        request.session[STRONG_LOGIN_SESSION_KEY] = counts_as_two_factor(self.loa)
        request.session[LOGOUT_CONTINUES_SESSION_KEY] = reverse("saml2_logout")
        ava = session_info.get("ava") or {}
        events.record(
            request,
            events.LOGIN,
            user=user,
            loa=self.loa,
            cvr=(ava.get(saml_config.CVR) or [""])[0],
            linked_now=linked_now,
            idp=session_info.get("issuer"),
        )
        return user

    def handle_acs_failure(
        self, request: HttpRequest, exception: BaseException | None = None, status: int = 403, **kwargs: Any
    ) -> HttpResponse:
        refusal = self.refusal if self.refusal is not None else None
        reason = refusal.reason if refusal is not None else refusal_reason(exception)
        data = dict(refusal.data) if refusal is not None else {"detail": str(exception or "")[:200]}
        events.record(request, events.REFUSED, reason=reason, **data)
        request.saml_session.pop(IDENTITY_CACHE_KEY, None)  # type: ignore[attr-defined]
        return refused_page(request, reason)

    def custom_redirect(self, user: Any, relay_state: str, session_info: Any) -> str | None:
        return None


def refused_page(request: HttpRequest, reason: str, status: int = 403, *, logout: bool = False) -> HttpResponse:
    message = LOGOUT_FAILED if logout else REFUSAL_MESSAGES.get(reason, GENERIC)
    title = LOGOUT_FAILED_TITLE if logout else REFUSED_TITLE
    context = {"message": message, "reason": reason, "title": title}
    return render(request, "saml/refused.html", context, status=status)


class LogoutInitView(EnabledMixin, saml_views.SPConfigMixin, saml_views.View):
    """Single logout: the Django session ends here and the IdP is asked to end its own (HTTP-Redirect).

    Reached from allauth's "Log ud" (a POST with the CSRF token, which has already ended the session and
    continues here) or directly; what it needs is the SAML session's subject id.
    """

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            # Logging out is a POST with the CSRF token ("Log ud", allauth), which ends the session first and then
            # comes here; a link cannot log anybody out. allauth's page asks.
            return HttpResponseRedirect(reverse("account_logout"))
        saml_session = request.saml_session  # type: ignore[attr-defined]
        subject_id = saml_views._get_subject_id(saml_session)
        user_id = saml_session.get(USER_KEY)
        if subject_id is None:
            return HttpResponseRedirect(reverse(settings.LOGOUT_REDIRECT_URL))
        state, client = self.get_state_client(request)
        try:
            result = client.global_logout(subject_id)
        except Exception as error:  # an IdP without single logout: ours has ended anyway
            _log_logout(request, user_id, "local_only", detail=str(error)[:200])
            saml_session.flush()
            return HttpResponseRedirect(reverse(settings.LOGOUT_REDIRECT_URL))
        state.sync()
        _log_logout(request, user_id, "single_logout_sent")
        for logout_info in (result or {}).values():
            if isinstance(logout_info, tuple):
                _binding, http_info = logout_info
                return continue_to_idp(request, saml_views.get_location(http_info))
        saml_session.flush()
        return HttpResponseRedirect(reverse(settings.LOGOUT_REDIRECT_URL))


@method_decorator(csrf_exempt, name="dispatch")
class LogoutView(EnabledMixin, saml_views.LogoutView):
    """The IdP's logout answers (after ours) and requests (logout started elsewhere)."""

    logout_error_template = "saml/logout_error.html"

    def do_logout_service(self, request: HttpRequest, data: Any, binding: str, *args: Any, **kwargs: Any) -> Any:
        saml_session = request.saml_session  # type: ignore[attr-defined]
        user_id = saml_session.get(USER_KEY) or (request.user.pk if request.user.is_authenticated else None)
        if not any(isinstance(data.get(name), str) for name in ("SAMLResponse", "SAMLRequest")):
            return refused_page(request, "no_answer", status=400, logout=True)
        reason = "logout_answered" if "SAMLResponse" in data else "logout_requested_by_idp"
        if "SAMLRequest" in data and saml_views._get_subject_id(saml_session) is None:
            # No MitID Erhverv session in this browser: nothing to end (djangosaml2 would end a password session).
            return refused_page(request, "no_saml_session", status=400, logout=True)
        if "SAMLRequest" in data and not self.signed_by_the_idp(request, data, binding):
            # djangosaml2 does not check the signature of the IdP's logout request; OIOSAML 3 requires one.
            _log_logout(request, user_id, "logout_request_unsigned")
            return refused_page(request, "logout_request_unsigned", status=400, logout=True)
        try:
            response = super().do_logout_service(request, data, binding, *args, **kwargs)
        except Exception as error:  # an unreadable or unsigned message changes nothing
            _log_logout(request, user_id, "logout_message_refused", detail=str(error)[:200])
            return refused_page(request, "logout_message_refused", status=400, logout=True)
        _log_logout(request, user_id, reason)
        if "SAMLResponse" in data:
            saml_session.flush()
        return response

    def signed_by_the_idp(self, request: HttpRequest, data: Any, binding: str) -> bool:
        _state, client = self.get_state_client(request)
        try:
            if binding == saml2.BINDING_HTTP_REDIRECT:
                if not all(isinstance(data.get(name), str) for name in ("SigAlg", "Signature")):
                    return False
                message = {
                    name: data[name] for name in ("SAMLRequest", "RelayState", "SigAlg", "Signature") if name in data
                }
                for idp in client.metadata.identity_providers():
                    for _name, cert in client.metadata.certs(idp, "idpsso", "signing"):
                        if verify_redirect_signature(message, client.sec.sec_backend, cert=cert):
                            return True
                return False
            xml = client.unravel(data["SAMLRequest"], binding, "LogoutRequest")
            return bool(client.sec.correctly_signed_logout_request(xml, must=True, origdoc=data["SAMLRequest"]))
        except Exception:  # unreadable, or signed by a key we do not know
            return False


def continue_to_idp(request: HttpRequest, location: str) -> HttpResponse:
    """A page that goes on to the IdP at once (``Refresh``), with a link should it not.

    Not a redirect: "Log ud" is a form, and a form's redirects must stay on our site (CSP ``form-action 'self'``);
    a page that moves on by itself is a new navigation.
    """
    response = render(request, "saml/logout_continue.html", {"location": location})
    response["Refresh"] = f"0;url={location}"
    return response


def _log_logout(request: HttpRequest, user_id: Any, reason: str, **data: Any) -> None:
    user = auth.get_user_model().objects.filter(pk=user_id).first() if user_id else None
    events.record(request, events.LOGOUT, reason=reason, user=user, **data)


class MetadataView(EnabledMixin, saml_views.SPConfigMixin, saml_views.View):
    """The SP's metadata, signed (NemLog-in's self-service takes it as a file)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        conf = self.get_sp_config(request)
        descriptor = entity_descriptor(conf)
        _descriptor, signed = sign_entity_descriptor(
            descriptor,
            None,
            security_context(conf),
            sign_alg=conf.getattr("signing_algorithm", "sp"),
            digest_alg=conf.getattr("digest_algorithm", "sp"),
        )
        return HttpResponse(
            str(signed).encode("utf-8"),
            content_type="application/samlmetadata+xml; charset=utf-8",
            headers={"Content-Disposition": 'inline; filename="metadata.xml"'},
        )
