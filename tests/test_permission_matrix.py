"""The permission matrix: every page and endpoint x every role -> the expected answer.

The pages come from the URL configuration, the endpoints from the OpenAPI document.
``TABLE`` says, for each of them, which status each role gets; a URL or endpoint
missing from the table fails ``test_every_url_and_endpoint_is_in_the_table``, so a
new page cannot ship without someone deciding who may reach it.

Roles: anonymous, administrator, advisor, taskforce member, coordinator of the
organisation the record belongs to ("own"), coordinator of another organisation
("other"), and a member of the organisation the record belongs to. Records and ids
in the URLs belong to the own organisation (Aarhus), or, for personal records such
as API tokens, to its coordinator.

To see what every role gets now (when adding rows), run with MATRIX_RECORD=1 and -s:
the test prints the actual answers instead of failing.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from advisory.accounts.models import ApiToken, User
from advisory.api.api import api
from advisory.intake import services as intake_services
from advisory.organisations.models import Membership, MembershipFunction, Organisation
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate, TrialAction
from tests import factories
from tests.helpers import built_once

ROLES = (
    "anonymous",
    "administrator",
    "advisor",
    "taskforce_member",
    "coordinator_own",
    "coordinator_other",
    "organisation_member",
)


@dataclass
class World:
    own: Organisation
    other: Organisation
    users: dict[str, User]
    own_coordinator_token: ApiToken
    member_membership: Membership
    programme: Any = None  # a group programme with the own organisation, run by the advisor
    taskforce: Any = None  # a taskforce programme with the own municipality, staffed by the taskforce member
    intake_round: Any = None  # an open round with three registrations (the own organisation's among them)
    registrations: Any = None
    trial_action: Any = None  # the own organisation's trial action in the group programme, not shared
    # Role -> the key of a session logged in when the world was built (world_once): a test's client takes the cookie
    # instead of logging in again (a log-in writes the session, the user's last log-in and an access log row).
    sessions: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Probe:
    """One request: method, where (built from the world), body, and the status per role (in ROLES order)."""

    expected: tuple[int, ...]
    method: str = "get"
    url: Callable[[World], str] | None = None
    data: Callable[[World], dict[str, Any]] | None = None
    label: str = ""

    def __post_init__(self) -> None:
        assert len(self.expected) == len(ROLES), self


def P(expected: tuple[int, ...], **kwargs: Any) -> Probe:
    return Probe(expected=expected, **kwargs)


def own_pk(world: World) -> dict[str, Any]:
    return {"pk": world.own.pk}


def page(name: str, kwargs: Callable[[World], dict[str, Any]] | None = None) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs=kwargs(world) if kwargs else None)


ANON = 302  # a page behind log-in sends the anonymous visitor to the log-in page
ALL_IN = (ANON, 200, 200, 200, 200, 200, 200)
EVERYONE = (200,) * 7
ADMIN_ONLY = (302, 200, 302, 302, 302, 302, 302)  # the Django admin sends others to its log-in page
NO_ONE_YET = (ANON, 404, 404, 404, 404, 404, 404)  # two-factor pages before there is an authenticator
ON_TO = (ANON, 302, 302, 302, 302, 302, 302)  # sent on (to confirm the password, or to change it)
OFFER_EDIT = (ANON, 200, 200, 403, 403, 403, 403)  # the offers' texts and contact people: advisors

DEV_WRITE = (ANON, 200, 200, 200, 403, 404, 403)  # development work: those who run the programme write
DEV_POST = (ANON, 302, 302, 302, 403, 404, 403)
DEV_API_WRITE = (401, 200, 200, 200, 403, 404, 403)
DEV_API_CREATE = (401, 201, 201, 201, 403, 404, 403)
DEV_API_DELETE = (401, 204, 204, 204, 403, 404, 403)
DEV_API_READ = (401, 200, 200, 200, 200, 404, 200)

# --- Pages (URL configuration) ---------------------------------------------------------------------
# Key: the URL's name ("namespace:name"), or its route when it has none; "admin:*" covers the whole admin.
# Columns: anonymous, administrator, advisor, taskforce member, coordinator own, coordinator other, member.
PAGES: dict[str, list[Probe]] = {
    # "/": the offers for anonymous visitors (front_door, which answers first), the start page for the logged-in.
    "core:start": [P(EVERYONE)],
    "front_door": [P(EVERYONE)],
    "core:healthz": [P(EVERYONE)],
    "core:accessibility": [P(EVERYONE)],
    "accounts:profile": [P(ALL_IN)],
    "accounts:token_revoke": [
        P(
            (ANON, 404, 404, 404, 302, 404, 404),
            method="post",
            url=page("accounts:token_revoke", lambda w: {"pk": w.own_coordinator_token.pk}),
        )
    ],
    "organisations:list": [P(ALL_IN)],
    "organisations:shelter_create": [P((ANON, 200, 200, 403, 403, 403, 403))],
    "organisations:detail": [P((ANON, 200, 200, 200, 200, 404, 200), url=page("organisations:detail", own_pk))],
    "organisations:edit": [P((ANON, 200, 200, 403, 403, 404, 403), url=page("organisations:edit", own_pk))],
    "organisations:membership_add": [
        P((ANON, 200, 200, 403, 200, 404, 403), url=page("organisations:membership_add", own_pk))
    ],
    "organisations:membership_remove": [
        P(
            (ANON, 302, 302, 403, 302, 404, 403),
            method="post",
            url=page(
                "organisations:membership_remove",
                lambda w: {"pk": w.own.pk, "membership_pk": w.member_membership.pk},
            ),
        )
    ],
    # Invitations: those who manage the organisation's people revoke them; the link is for the person invited
    # (an address without an account here): anyone may open it, only a visitor who is not logged in may use it.
    "organisations:invitation_revoke": [
        P(
            (ANON, 302, 302, 403, 302, 404, 404),
            method="post",
            url=page("organisations:invitation_revoke", lambda w: {"pk": w.own.pk, "invitation_pk": own_invitation(w)}),
        )
    ],
    "organisations:invitation": [
        P(EVERYONE, url=lambda w: own_invitation_link(w)),
        P(
            (200, 403, 403, 403, 403, 403, 403),
            method="post",
            url=lambda w: own_invitation_link(w),
            label="answer (the form again for a visitor: no password given)",
        ),
    ],
    "set_language": [P((302,) * 7, method="post", data=lambda w: {"language": "da", "next": "/"})],
    # allauth: log-in, log-out, password and two-factor pages. Signed-in people are sent on from the entrance pages.
    "account_login": [P((200, 302, 302, 302, 302, 302, 302))],
    "account_logout": [P((302, 200, 200, 200, 200, 200, 200))],
    "account_inactive": [P(EVERYONE)],
    "account_signup": [P((200, 302, 302, 302, 302, 302, 302))],  # the page says sign-up is closed
    "account_reauthenticate": [P(ALL_IN)],
    # Self-service e-mail management is switched off (config/urls.py): 404 for everyone.
    "account_email": [P((404,) * 7)],
    "account_email_disabled": [P((404,) * 7)],
    # Log-in with MitID Erhverv (advisory.saml): mounted always, 404 for everyone while SAML_ENABLED is off, as in
    # these tests. Switched on against the test IdP, advisory/saml/tests/test_matrix.py checks every role's answers.
    "saml2_login": [P((404,) * 7)],
    "saml2_acs": [P((404,) * 7), P((404,) * 7, method="post", data=lambda w: {"SAMLResponse": "eA=="})],
    "saml2_logout": [P((404,) * 7)],
    "saml2_ls": [P((404,) * 7)],
    "saml2_ls_post": [P((404,) * 7), P((404,) * 7, method="post", data=lambda w: {"SAMLResponse": "eA=="})],
    "saml2_metadata": [P((404,) * 7)],
    "account_email_verification_sent": [P(EVERYONE)],
    "account_change_password": [P(ALL_IN)],
    "account_set_password": [P(ON_TO)],  # they have a password: sent to change it
    "account_reset_password": [P(EVERYONE)],
    "account_reset_password_done": [P(EVERYONE)],
    "account_reset_password_from_key": [
        P(EVERYONE, url=page("account_reset_password_from_key", lambda w: {"uidb36": "1", "key": "invalid-key"}))
    ],
    "account_reset_password_from_key_done": [P(EVERYONE)],
    "account_confirm_email": [P(EVERYONE, url=page("account_confirm_email", lambda w: {"key": "invalid-key"}))],
    "account_confirm_login_code": [P((302,) * 7)],  # no log-in by code pending
    "mfa_index": [P(ALL_IN)],
    "mfa_authenticate": [P((302,) * 7)],  # only during a log-in with two factors
    "mfa_reauthenticate": [P(ON_TO)],  # no authenticator yet: nothing to confirm with
    "mfa_activate_totp": [P(ON_TO)],  # first confirm the password (reauthenticate)
    "mfa_deactivate_totp": [P(NO_ONE_YET)],
    "mfa_view_recovery_codes": [P(NO_ONE_YET)],
    "mfa_generate_recovery_codes": [P(ON_TO)],  # reauthenticate first
    "mfa_download_recovery_codes": [P(NO_ONE_YET)],
    # Programmes: advisors and administrators run all; the taskforce member runs the taskforce programme
    # they are staffed on; organisation people read their own organisation's programmes.
    "programmes:list": [P(ALL_IN)],
    # The overview (issue 16): those who run programmes (a taskforce member the taskforce part); organisation people
    # 404. The programme list's download also for coordinators (their own organisations'); plain members 404.
    "overview:portfolio": [P((ANON, 200, 200, 200, 404, 404, 404))],
    "overview:capacity": [P((ANON, 200, 200, 200, 404, 404, 404))],
    "overview:reach": [P((ANON, 200, 200, 200, 404, 404, 404))],
    "overview:export_programmes": [
        P((ANON, 200, 200, 200, 200, 200, 404), url=page("overview:export_programmes", lambda w: {"fmt": "csv"})),
        P((ANON, 200, 200, 200, 200, 200, 404), url=page("overview:export_programmes", lambda w: {"fmt": "xlsx"})),
    ],
    "overview:export_capacity": [
        P((ANON, 200, 200, 200, 404, 404, 404), url=page("overview:export_capacity", lambda w: {"fmt": "csv"}))
    ],
    # The year's figures (issue 16, advisory/reports):
    # the runners (a taskforce member the taskforce part); not there for
    # organisation people. A programme's plan as PDF and XLSX: whoever sees the programme's page.
    "reports:statistics_current": [P((ANON, 302, 302, 302, 404, 404, 404))],
    "reports:statistics": [
        P((ANON, 200, 200, 200, 404, 404, 404), url=page("reports:statistics", lambda w: {"year": 2027}))
    ],
    "reports:statistics_xlsx": [
        P((ANON, 200, 200, 200, 404, 404, 404), url=page("reports:statistics_xlsx", lambda w: {"year": 2027}))
    ],
    "reports:statistics_pdf": [
        P((ANON, 200, 200, 200, 404, 404, 404), url=page("reports:statistics_pdf", lambda w: {"year": 2027}))
    ],
    "reports:plan_pdf": [
        P((ANON, 200, 200, 404, 200, 404, 200), url=page("reports:plan_pdf", lambda w: {"pk": w.programme.pk})),
        P(
            (ANON, 200, 200, 200, 200, 404, 200),
            url=page("reports:plan_pdf", lambda w: {"pk": w.taskforce.pk}),
            label="taskforce",
        ),
    ],
    "reports:plan_xlsx": [
        P((ANON, 200, 200, 404, 200, 404, 200), url=page("reports:plan_xlsx", lambda w: {"pk": w.programme.pk})),
        P(
            (ANON, 200, 200, 200, 200, 404, 200),
            url=page("reports:plan_xlsx", lambda w: {"pk": w.taskforce.pk}),
            label="taskforce",
        ),
    ],
    "overview:export_reach": [
        P((ANON, 200, 200, 200, 404, 404, 404), url=page("overview:export_reach", lambda w: {"fmt": "xlsx"}))
    ],
    "programmes:create": [P((ANON, 200, 200, 403, 403, 403, 403))],
    "programmes:detail": [
        P((ANON, 200, 200, 404, 200, 404, 200), url=page("programmes:detail", lambda w: {"pk": w.programme.pk})),
        P(
            (ANON, 200, 200, 200, 200, 404, 200),
            url=page("programmes:detail", lambda w: {"pk": w.taskforce.pk}),
            label="taskforce",
        ),
    ],
    "programmes:move": [
        P(
            (ANON, 200, 200, 404, 403, 404, 403),
            url=lambda w: reverse("programmes:move", kwargs={"pk": w.programme.pk}) + "?key=kickoff&date=2027-03-03",
        ),
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=lambda w: reverse("programmes:move", kwargs={"pk": w.taskforce.pk}) + "?key=kickoff&date=2027-03-03",
            label="taskforce",
        ),
    ],
    "programmes:activity": [
        P(
            (ANON, 200, 200, 404, 200, 404, 200),
            url=page("programmes:activity", lambda w: {"pk": w.programme.pk, "key": "kickoff"}),
        )
    ],
    "programmes:meeting_booking": [
        P(
            (ANON, 302, 302, 404, 302, 404, 302),
            method="post",
            url=page("programmes:meeting_booking", lambda w: {"pk": w.programme.pk, "key": "kickoff"}),
            data=lambda w: {"action": "book", "membership": w.member_membership.pk},
        )
    ],
    "programmes:activity_update": [
        P(
            (ANON, 302, 302, 404, 403, 404, 403),
            method="post",
            url=page("programmes:activity_update", lambda w: {"pk": w.programme.pk, "key": "kickoff"}),
            data=lambda w: {"action": "pin"},
        )
    ],
    # An organisation's own call: the runners offer times; its coordinator books one for their own organisation.
    "programmes:slot_offers": [
        P(
            (ANON, 302, 302, 404, 403, 404, 403),
            method="post",
            url=lambda w: reverse("programmes:slot_offers", args=[w.programme.pk, own_call_key(w)]),
            data=lambda w: {"action": "offer", "slot-starts_on": "2027-01-25", "slot-start_time": "09:00"},
        ),
        P(
            (ANON, 302, 302, 404, 302, 404, 403),
            method="post",
            url=lambda w: reverse("programmes:slot_offers", args=[w.programme.pk, own_call_key(w)]),
            data=lambda w: {"action": "book", "offer": own_offer(w)},
            label="book",
        ),
    ],
    "programmes:soft_period_accept": [
        P(
            (ANON, 302, 302, 404, 403, 404, 403),
            method="post",
            url=page("programmes:soft_period_accept", lambda w: {"pk": w.programme.pk, "key": "kickoff"}),
            data=lambda w: {"period": "summer_holiday", "accepted": "1"},
        )
    ],
    "programmes:version_change": [
        P(
            (ANON, 200, 200, 404, 403, 404, 403),
            url=page(
                "programmes:version_change",
                lambda w: {"pk": w.programme.pk, "version_pk": w.programme.template_version_id},
            ),
        )
    ],
    # Success criteria: everyone in the programme reads (an organisation its own column); runners assess.
    "programmes:criteria": [
        P((ANON, 200, 200, 404, 200, 404, 200), url=page("programmes:criteria", lambda w: {"pk": w.programme.pk}))
    ],
    "programmes:criterion_assess": [
        P(
            (ANON, 200, 200, 404, 403, 404, 403),
            url=page(
                "programmes:criterion_assess",
                lambda w: {"pk": w.programme.pk, "key": "kickoff", "index": 0, "organisation_pk": w.own.pk},
            ),
        )
    ],
    "programmes:complete": [
        P((ANON, 200, 200, 404, 403, 404, 403), url=page("programmes:complete", lambda w: {"pk": w.programme.pk}))
    ],
    # Trial actions: the organisation's own people write theirs; runners of the programme read and correct.
    # Book a team for the joint meetings: the runners for every organisation, a coordinator for their own only.
    "programmes:team_booking": [
        P((ANON, 200, 200, 404, 200, 404, 403), url=page("programmes:team_booking", lambda w: {"pk": w.programme.pk})),
        P(
            (ANON, 302, 302, 404, 302, 404, 403),
            method="post",
            url=page("programmes:team_booking", lambda w: {"pk": w.programme.pk}),
            data=lambda w: {
                "organisation": w.own.pk,
                "action": "save",
                "book": f"kickoff:{w.member_membership.user_id}",
            },
            label="save",
        ),
    ],
    "programmes:trial_actions": [
        P((ANON, 200, 200, 404, 200, 404, 200), url=page("programmes:trial_actions", lambda w: {"pk": w.programme.pk}))
    ],
    "programmes:trial_action_create": [
        P(
            (ANON, 200, 200, 404, 200, 404, 200),
            url=page("programmes:trial_action_create", lambda w: {"pk": w.programme.pk}),
        )
    ],
    "programmes:trial_action_edit": [
        P(
            (ANON, 200, 200, 404, 200, 404, 200),
            url=page("programmes:trial_action_edit", lambda w: {"pk": w.programme.pk, "trial_pk": w.trial_action.pk}),
        )
    ],
    # A group programme's records (advisory/programmes/group_records.py): the whole group reads the goals and the
    # feedback on what it sees; the own coordinator (or the advisors) writes the own organisation's goal, status
    # and wishes; the group and the advisors give feedback; anyone booking books the kickoff's people they may book.
    "programmes:trial_action_detail": [
        P(
            (ANON, 200, 200, 404, 200, 404, 200),
            url=page("programmes:trial_action_detail", lambda w: {"pk": w.programme.pk, "trial_pk": w.trial_action.pk}),
        ),
        P(
            (ANON, 302, 302, 404, 302, 404, 302),
            method="post",
            url=page("programmes:trial_action_detail", lambda w: {"pk": w.programme.pk, "trial_pk": w.trial_action.pk}),
            data=lambda w: {"text": "God idé"},
            label="feedback",
        ),
    ],
    "programmes:goals": [
        P((ANON, 200, 200, 404, 200, 404, 200), url=page("programmes:goals", lambda w: {"pk": w.programme.pk}))
    ],
    "programmes:goal_edit": [
        P(
            (ANON, 200, 200, 404, 200, 404, 403),
            url=page("programmes:goal_edit", lambda w: {"pk": w.programme.pk, "organisation_pk": w.own.pk}),
        ),
        P(
            (ANON, 302, 302, 404, 302, 404, 403),
            method="post",
            url=lambda w: after_kickoff(w, reverse("programmes:goal_edit", args=[w.programme.pk, w.own.pk])),
            data=lambda w: {"text": "Alle får CTI", "due_on": "2027-07-01"},
            label="after the kickoff",
        ),
    ],
    "programmes:goal_status_edit": [
        P(
            (ANON, 200, 200, 404, 200, 404, 403),
            url=page(
                "programmes:goal_status_edit",
                lambda w: {"pk": w.programme.pk, "key": "reflection_meeting-1", "organisation_pk": w.own.pk},
            ),
        )
    ],
    "programmes:wish_edit": [
        P(
            (ANON, 200, 200, 404, 200, 404, 403),
            url=page(
                "programmes:wish_edit", lambda w: {"pk": w.programme.pk, "key": "kickoff", "organisation_pk": w.own.pk}
            ),
        )
    ],
    "programmes:kickoff_participants_book": [
        P(
            (ANON, 302, 302, 404, 302, 404, 302),
            method="post",
            url=page(
                "programmes:kickoff_participants_book", lambda w: {"pk": w.programme.pk, "key": "closing_meeting"}
            ),
        )
    ],
    # Interest and taskforce requests (advisory/requests): the two forms are public; advisors decide; taskforce
    # members see the taskforce requests and seasons but not the interest; organisation people their own records.
    "requests:index": [P((ANON, 302, 302, 302, 200, 200, 200))],  # staff are sent on to their queue
    "requests:interest_list": [P((ANON, 200, 200, 403, 403, 403, 403))],
    "requests:interest_create": [P(EVERYONE)],
    "requests:interest_detail": [
        P((ANON, 200, 200, 404, 200, 404, 200), url=page("requests:interest_detail", lambda w: {"pk": own_interest(w)}))
    ],
    "requests:taskforce_list": [P((ANON, 200, 200, 200, 403, 403, 403))],
    "requests:request_create": [P(EVERYONE)],
    "requests:request_detail": [
        P(
            (ANON, 200, 200, 200, 200, 404, 200),
            url=page("requests:request_detail", lambda w: {"pk": own_taskforce_request(w)}),
        )
    ],
    "requests:season_detail": [
        P((ANON, 200, 200, 200, 404, 404, 404), url=page("requests:season_detail", lambda w: {"pk": spring_2027(w)}))
    ],
    "requests:season_move_up": [
        P((ANON, 200, 200, 403, 404, 404, 404), url=page("requests:season_move_up", lambda w: {"pk": spring_2027(w)}))
    ],
    # Intake: the public rounds and the registration form are for everyone; advisors run the rounds.
    "intake:public_list": [P(EVERYONE)],
    "intake:register": [P(EVERYONE, url=page("intake:register", lambda w: {"pk": w.intake_round.pk}))],
    "intake:round_list": [P((ANON, 200, 200, 403, 403, 403, 403))],
    "intake:round_create": [P((ANON, 200, 200, 403, 403, 403, 403))],
    "intake:round_detail": [
        P((ANON, 200, 200, 403, 403, 403, 403), url=page("intake:round_detail", lambda w: {"pk": w.intake_round.pk}))
    ],
    "intake:round_edit": [
        P((ANON, 200, 200, 403, 403, 403, 403), url=page("intake:round_edit", lambda w: {"pk": w.intake_round.pk}))
    ],
    # The year's intake (issue 17): advisors plan the year's rounds; the offer's link is for whoever holds it.
    "intake:year_plan_now": [P((ANON, 302, 302, 403, 403, 403, 403))],
    "intake:year_plan": [
        P((ANON, 200, 200, 403, 403, 403, 403), url=page("intake:year_plan", lambda w: {"year": 2030}))
    ],
    "intake:year_round": [
        P(
            (ANON, 200, 200, 403, 403, 403, 403),
            url=page("intake:year_round", lambda w: {"year": 2030, "half": "efteraar"}),
        )
    ],
    "intake:waiting_list_confirm": [P(EVERYONE, url=lambda w: waiting_list_link(w))],
    # Notifications: the outbox for advisors and administrators; calendar addresses are their owner's; a feed
    # answers its secret address whoever asks (calendar programs do not log in), and 404 to a wrong one.
    "notifications:outbox": [P((ANON, 200, 200, 403, 403, 403, 403))],
    "notifications:outbox_retry": [
        P(
            (ANON, 302, 302, 404, 404, 404, 404),
            method="post",
            url=lambda w: reverse("notifications:outbox_retry", args=[failed_outbox_message(w)]),
        )
    ],
    "notifications:feed": [
        P(EVERYONE, url=lambda w: own_coordinator_feed(w), label="valid"),
        P((404,) * 7, url=lambda w: reverse("notifications:feed", args=["person", "abc.def"]), label="bad token"),
    ],
    "notifications:feed_token_create": [P((ANON, *(302,) * 6), method="post", data=lambda w: {"kind": "person"})],
    "notifications:feed_token_renew": [
        P(
            (ANON, 404, 404, 404, 302, 404, 404),
            method="post",
            url=lambda w: reverse("notifications:feed_token_renew", args=[own_coordinator_feed_token(w).pk]),
        )
    ],
    "notifications:feed_token_revoke": [
        P(
            (ANON, 404, 404, 404, 302, 404, 404),
            method="post",
            url=lambda w: reverse("notifications:feed_token_revoke", args=[own_coordinator_feed_token(w).pk]),
        )
    ],
    "notifications:preference_update": [P((ANON, *(302,) * 6), method="post", data=lambda w: {"mail_mode": "digest"})],
    # Evaluations: a person booked for a joint meeting answers (anonymously); advisors are refused (they read the
    # results); the runners see the aggregates, organisation people only how many of their own people answered.
    "evaluations:answer": [
        P(
            (ANON, 403, 403, 404, 403, 404, 200),
            url=lambda w: reverse("evaluations:answer", args=[evaluation_meeting(w)]),
        ),
        P(
            (ANON, 403, 403, 404, 403, 404, 302),
            method="post",
            url=lambda w: reverse("evaluations:answer", args=[evaluation_meeting(w)]),
            data=lambda w: {"sparring": "4", "useful": "5", "comment": "Godt møde"},
            label="answer",
        ),
    ],
    "evaluations:results": [
        P(
            (ANON, 200, 200, 404, 200, 404, 200),
            url=page("evaluations:results", lambda w: {"programme_pk": w.programme.pk}),
        )
    ],
    # Documents: the organisation's own people and the programme's runners; another organisation of the group
    # does not see the own organisation's unshared document (404); deleting is for its coordinator and the runners.
    "documents:programme": [
        P(
            (ANON, 200, 200, 404, 200, 404, 200),
            url=page("documents:programme", lambda w: {"programme_pk": w.programme.pk}),
        )
    ],
    # HEAD: the bad-input test reads every GET page's forms from response.content, which a file download has not.
    "documents:download": [
        P(
            (ANON, 200, 200, 404, 200, 404, 200),
            url=lambda w: reverse("documents:download", args=[own_document(w)]),
        )
    ],
    "documents:delete": [
        P((ANON, 200, 200, 404, 200, 404, 403), url=lambda w: reverse("documents:delete", args=[own_document(w)])),
        P(
            (ANON, 302, 302, 404, 302, 404, 403),
            method="post",
            url=lambda w: reverse("documents:delete", args=[own_document(w)]),
            label="delete",
        ),
    ],
    # Development work (advisory/development) of the taskforce programme with the own municipality: those who run it
    # write (the staffed taskforce member too); the municipality's people read, write progress notes (the member
    # wrote the note), and its coordinator sets a goal's status; another organisation sees nothing (404).
    "development:programme": [P((ANON, 200, 200, 200, 200, 404, 200), url=lambda w: dev_url(w, "programme", "p"))],
    "development:plan": [P((ANON, 200, 200, 200, 200, 404, 200), url=lambda w: dev_url(w, "plan", "p"))],
    "development:mapping_edit": [
        P(DEV_WRITE, url=lambda w: reverse("development:mapping_edit", args=[w.taskforce.pk, "housing"]))
    ],
    "development:recommendation_create": [P(DEV_WRITE, url=lambda w: dev_url(w, "recommendation_create", "p"))],
    "development:recommendation_edit": [P(DEV_WRITE, url=lambda w: dev_url(w, "recommendation_edit", "r"))],
    "development:recommendation_delete": [
        P(DEV_WRITE, url=lambda w: dev_url(w, "recommendation_delete", "r")),
        P(DEV_POST, method="post", url=lambda w: dev_url(w, "recommendation_delete", "r"), label="delete"),
    ],
    "development:recommendation_move": [
        P(
            DEV_POST,
            method="post",
            url=lambda w: dev_url(w, "recommendation_move", "r"),
            data=lambda w: {"direction": "up"},
        )
    ],
    "development:point_create": [P(DEV_WRITE, url=lambda w: dev_url(w, "point_create", "p"))],
    "development:point_edit": [P(DEV_WRITE, url=lambda w: dev_url(w, "point_edit", "d"))],
    "development:point_delete": [P(DEV_WRITE, url=lambda w: dev_url(w, "point_delete", "d"))],
    "development:goal_create": [P(DEV_WRITE, url=lambda w: dev_url(w, "goal_create", "d"))],
    "development:goal_edit": [P((ANON, 200, 200, 200, 200, 404, 403), url=lambda w: dev_url(w, "goal_edit", "g"))],
    "development:goal_delete": [P(DEV_WRITE, url=lambda w: dev_url(w, "goal_delete", "g"))],
    "development:note_create": [P((ANON, 403, 403, 403, 200, 404, 200), url=lambda w: dev_url(w, "note_create", "g"))],
    "development:note_comment": [P(DEV_WRITE, url=lambda w: dev_url(w, "note_comment", "n"))],
    "development:note_delete": [P((ANON, 403, 403, 403, 403, 404, 200), url=lambda w: dev_url(w, "note_delete", "n"))],
    "development:action_create": [P(DEV_WRITE, url=lambda w: dev_url(w, "action_create", "d"))],
    "development:action_edit": [P(DEV_WRITE, url=lambda w: dev_url(w, "action_edit", "a"))],
    "development:action_delete": [P(DEV_WRITE, url=lambda w: dev_url(w, "action_delete", "a"))],
    # The collaboration agreement, the ratings before/after and the anchoring plan (advisory/development), probed on
    # the taskforce programme with the own municipality: those who run it write; the municipality's people read; its
    # coordinator writes the anchoring plan; another organisation sees nothing; a group programme has none (404).
    "development:agreement": [
        P((ANON, 200, 200, 200, 200, 404, 200), url=lambda w: agr_url(w, "agreement")),
        P((ANON, 404, 404, 404, 404, 404, 404), url=lambda w: agr_url(w, "agreement", group=True), label="group"),
    ],
    "development:agreement_edit": [P(DEV_WRITE, url=lambda w: agr_url(w, "agreement_edit"))],
    "development:agreement_sign": [
        P(DEV_WRITE, url=lambda w: agr_url(w, "agreement_sign")),
        P(
            (ANON, 302, 302, 302, 403, 404, 403),
            method="post",
            url=lambda w: agr_url(w, "agreement_sign"),
            data=lambda w: {
                "signed_on": "2027-03-22",
                "signed_by_organisation": "Anne",
                "signed_by_agency": "Rikke",
                "signed_by_appeals_agency": "Jens",
                "action": "confirm",
            },
            label="confirm",
        ),
    ],
    # Nothing to reopen while the agreement is a draft: those who run the programme are sent back to it.
    "development:agreement_reopen": [
        P((ANON, 302, 302, 302, 403, 404, 403), url=lambda w: agr_url(w, "agreement_reopen"))
    ],
    "development:agreement_document": [
        P((ANON, 200, 200, 200, 200, 404, 200), url=lambda w: agr_url(w, "agreement_document"))
    ],
    "development:ratings": [P((ANON, 200, 200, 200, 200, 404, 200), url=lambda w: agr_url(w, "ratings"))],
    "development:rating_edit": [
        P(
            DEV_WRITE,
            url=lambda w: reverse("development:rating_edit", args=[w.taskforce.pk, "case_handling", "before"]),
        )
    ],
    "development:anchoring": [
        P((ANON, 200, 200, 200, 200, 404, 200), url=lambda w: agr_url(w, "anchoring")),
        P(
            (ANON, 302, 302, 302, 302, 404, 403),
            method="post",
            url=lambda w: agr_url(w, "anchoring"),
            data=lambda w: {"what_continues": "Boligmøderne", "responsible": "Styregruppen"},
            label="write",
        ),
    ],
    # Taskforce records (advisory/taskforce): only taskforce programmes (a group programme is 404); the runners
    # (advisors, the staffed taskforce member) write; the municipality reads; its coordinator updates the status of
    # data-collection and follow-up items; another organisation's people get 404.
    "taskforce:overview": [
        P((ANON, 200, 200, 200, 200, 404, 200), url=page("taskforce:overview", lambda w: tf(w))),
        P(
            (ANON, 404, 404, 404, 404, 404, 404),
            url=page("taskforce:overview", lambda w: {"programme_pk": w.programme.pk}),
            label="group",
        ),
    ],
    "taskforce:data_items": [
        P((ANON, 200, 200, 200, 200, 404, 200), url=page("taskforce:data_items", lambda w: tf(w)))
    ],
    "taskforce:data_item_create": [
        P((ANON, 200, 200, 200, 403, 404, 403), url=page("taskforce:data_item_create", lambda w: tf(w)))
    ],
    "taskforce:data_item_edit": [
        P(
            (ANON, 200, 200, 200, 200, 404, 403),
            url=page("taskforce:data_item_edit", lambda w: tf(w, item_pk=tf_data_item(w))),
        )
    ],
    "taskforce:data_item_delete": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:data_item_delete", lambda w: tf(w, item_pk=tf_data_item(w))),
        )
    ],
    "taskforce:presentations": [
        P((ANON, 200, 200, 200, 200, 404, 200), url=page("taskforce:presentations", lambda w: tf(w)))
    ],
    "taskforce:presentation_create": [
        P((ANON, 200, 200, 200, 403, 404, 403), url=page("taskforce:presentation_create", lambda w: tf(w)))
    ],
    "taskforce:presentation_edit": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:presentation_edit", lambda w: tf(w, presentation_pk=tf_presentation(w))),
        )
    ],
    "taskforce:presentation_delete": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:presentation_delete", lambda w: tf(w, presentation_pk=tf_presentation(w))),
        )
    ],
    "taskforce:learning_activities": [
        P((ANON, 200, 200, 200, 200, 404, 200), url=page("taskforce:learning_activities", lambda w: tf(w)))
    ],
    "taskforce:learning_activity_create": [
        P((ANON, 200, 200, 200, 403, 404, 403), url=page("taskforce:learning_activity_create", lambda w: tf(w)))
    ],
    "taskforce:learning_activity_edit": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:learning_activity_edit", lambda w: tf(w, learning_pk=tf_learning(w))),
        )
    ],
    "taskforce:learning_activity_delete": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:learning_activity_delete", lambda w: tf(w, learning_pk=tf_learning(w))),
        )
    ],
    "taskforce:status_meeting": [
        P(
            (ANON, 200, 200, 200, 200, 404, 200),
            url=page("taskforce:status_meeting", lambda w: tf(w, key="status_meeting-2")),
        )
    ],
    "taskforce:follow_up_check": [
        P(
            (ANON, 302, 302, 302, 403, 404, 403),
            method="post",
            url=page("taskforce:follow_up_check", lambda w: tf(w, key="status_meeting-2", item_pk=tf_follow_up(w))),
            data=lambda w: {"check-status": "done"},
        )
    ],
    "taskforce:decision_edit": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:decision_edit", lambda w: tf(w, decision_pk=tf_decision(w))),
        )
    ],
    "taskforce:decision_delete": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:decision_delete", lambda w: tf(w, decision_pk=tf_decision(w))),
        )
    ],
    "taskforce:follow_up_edit": [
        P(
            (ANON, 200, 200, 200, 200, 404, 403),
            url=page("taskforce:follow_up_edit", lambda w: tf(w, item_pk=tf_follow_up(w))),
        )
    ],
    "taskforce:follow_up_delete": [
        P(
            (ANON, 200, 200, 200, 403, 404, 403),
            url=page("taskforce:follow_up_delete", lambda w: tf(w, item_pk=tf_follow_up(w))),
        )
    ],
    # The API's own pages (the endpoints are below): documentation for everyone.
    "api:api-root": [P((404,) * 7)],
    "api:openapi-json": [P(EVERYONE)],
    "api:openapi-view": [P(EVERYONE)],
    "api_not_found": [P((404,) * 7, url=lambda w: "/api/organisations/abc", label="JSON 404")],
    "admin:*": [
        P(ADMIN_ONLY, url=page("admin:index"), label="index"),
        P(ADMIN_ONLY, url=page("admin:auditlog_logentry_changelist"), label="audit log"),
        P(ADMIN_ONLY, url=page("admin:accounts_user_changelist"), label="people"),
        P(
            ADMIN_ONLY,
            url=page("admin:organisations_organisation_auditlog", lambda w: {"object_id": w.own.pk}),
            label="audit log of an organisation",
        ),
        P(
            ADMIN_ONLY,
            url=page("admin:organisations_organisation_change", lambda w: {"object_id": w.own.pk}),
            label="organisation",
        ),
    ],
    # The public offers: everyone reads them; advisors and administrators keep the texts and contact people.
    "offers:list": [P(EVERYONE)],
    "offers:detail": [
        P(EVERYONE, url=page("offers:detail", lambda w, slug=slug: {"slug": slug}), label=slug)
        for slug in ("gruppeforloeb", "individuelt-forloeb", "taskforce")
    ],
    "offers:text_edit": [
        P(OFFER_EDIT, url=page("offers:text_edit", lambda w: {"slug": "gruppeforloeb", "language": "da"})),
        P(
            OFFER_EDIT,
            method="post",
            url=page("offers:text_edit", lambda w: {"slug": "taskforce", "language": "en"}),
            data=lambda w: {"summary": "Kort", "body": "Tekst\n\n- punkt", "action": "preview"},
            label="preview",
        ),
    ],
    "offers:contacts": [
        P(OFFER_EDIT, url=page("offers:contacts", lambda w: {"slug": "taskforce"})),
        P(
            (ANON, 302, 302, 403, 403, 403, 403),
            method="post",
            url=page("offers:contacts", lambda w: {"slug": "taskforce"}),
            data=lambda w: {"name": "Karin", "title": "Specialkonsulent", "email": "karin@example.dk", "position": 1},
            label="add",
        ),
    ],
    "offers:contact_edit": [P(OFFER_EDIT, url=lambda w: reverse("offers:contact_edit", args=[offer_contact(w)]))],
    # The knowledge bank (advisory/knowledge): every organisation person and agency staff read it; the coordinator
    # of the trial action's organisation shares (only a completed one) and withdraws it; advisors mark exemplary.
    "knowledge:bank": [P(ALL_IN)],
    "knowledge:detail": [P(ALL_IN, url=lambda w: reverse("knowledge:detail", args=[own_shared(w)]))],
    "knowledge:exemplary": [
        P(
            (ANON, 302, 302, 403, 403, 403, 403),
            method="post",
            url=lambda w: reverse("knowledge:exemplary", args=[own_shared(w)]),
            data=lambda w: {"exemplary": "on"},
        )
    ],
    "knowledge:share": [
        P((ANON, 403, 403, 404, 200, 404, 403), url=page("knowledge:share", lambda w: {"trial_pk": w.trial_action.pk})),
        P(
            (ANON, 403, 403, 404, 302, 404, 403),
            method="post",
            url=lambda w: reverse("knowledge:share", args=[own_completed(w)]),
            data=lambda w: {"prerequisite": "support"},
            label="completed",
        ),
    ],
    "knowledge:withdraw": [
        P(
            (ANON, 403, 403, 404, 302, 404, 403),
            method="post",
            url=lambda w: reverse("knowledge:withdraw", args=[own_completed(w, shared=True)]),
        )
    ],
}

# --- Endpoints (OpenAPI document) ------------------------------------------------------------------
# Key: "METHOD /api/path" as in the OpenAPI document. Path parameters are filled in by PATH_PARAMETERS.
API_ALL_IN = (401, 200, 200, 200, 200, 200, 200)
TF_READ = (401, 200, 200, 200, 200, 404, 200)  # taskforce records: the runners and the municipality read
TF_CREATE = (401, 201, 201, 201, 403, 404, 403)  # the runners write
TF_CHANGE = (401, 200, 200, 200, 403, 404, 403)
TF_DELETE = (401, 204, 204, 204, 403, 404, 403)
ENDPOINTS: dict[str, list[Probe]] = {
    "GET /api/me": [P(API_ALL_IN)],
    "GET /api/people": [P(API_ALL_IN)],
    "GET /api/people/{person_id}": [P((401, 200, 200, 200, 200, 404, 200))],
    "GET /api/me/tokens": [P(API_ALL_IN)],
    "POST /api/me/tokens": [P((401, 201, 201, 201, 201, 201, 201), data=lambda w: {"name": "Rapport-script"})],
    "DELETE /api/me/tokens/{token_id}": [P((401, 404, 404, 404, 204, 404, 404))],
    "GET /api/regions": [P(API_ALL_IN)],
    "GET /api/organisations": [P(API_ALL_IN)],
    "GET /api/organisations/{organisation_id}": [P((401, 200, 200, 200, 200, 404, 200))],
    "PATCH /api/organisations/{organisation_id}": [
        P((401, 200, 200, 403, 403, 404, 403), data=lambda w: {"address": "Rådhuspladsen 2"})
    ],
    "POST /api/organisations/shelters": [
        P((401, 201, 201, 403, 403, 403, 403), data=lambda w: {"name": "Ny boform", "municipality_id": w.own.pk})
    ],
    "GET /api/organisations/{organisation_id}/memberships": [P((401, 200, 200, 200, 200, 404, 200))],
    "POST /api/organisations/{organisation_id}/memberships": [
        # Coordinators invite instead (below); only advisors and administrators attach people directly.
        P((401, 201, 201, 403, 403, 404, 403), data=lambda w: {"email": "ny@aarhus.dk", "function": "member"})
    ],
    "GET /api/organisations/{organisation_id}/invitations": [P((401, 200, 200, 403, 200, 404, 403))],
    "POST /api/organisations/{organisation_id}/invitations": [
        P((401, 202, 202, 403, 202, 404, 403), data=lambda w: {"email": "ny@aarhus.dk", "function": "member"})
    ],
    "DELETE /api/organisations/{organisation_id}/invitations/{invitation_id}": [P((401, 204, 204, 403, 204, 404, 404))],
    # Only the account the invitation was sent to (here the member's) accepts it.
    "POST /api/invitations/accept": [
        P((401, 403, 403, 403, 403, 403, 201), data=lambda w: {"token": member_invitation_token(w)})
    ],
    "DELETE /api/organisations/{organisation_id}/memberships/{membership_id}": [P((401, 204, 204, 403, 204, 404, 403))],
    "GET /api/templates": [P(API_ALL_IN)],  # organisation people get an empty list
    "POST /api/plans/preview": [
        P(
            (401, 200, 200, 200, 404, 404, 404),
            data=lambda w: {
                "template_version_id": w.programme.template_version_id,
                "anchors": {"acceptance": "2027-01-11"},
            },
        )
    ],
    "GET /api/programmes": [P(API_ALL_IN)],
    "GET /api/overview/programmes": [P((401, 200, 200, 200, 404, 404, 404))],
    "GET /api/overview/capacity": [P((401, 200, 200, 200, 404, 404, 404))],
    "GET /api/overview/reach": [P((401, 200, 200, 200, 404, 404, 404))],
    "GET /api/overview/statistics/{year}": [
        P((401, 200, 200, 200, 404, 404, 404), url=lambda w: "/api/overview/statistics/2027")
    ],
    "POST /api/programmes": [
        P(
            (401, 201, 201, 403, 403, 403, 403),
            data=lambda w: {
                "template_version_id": w.taskforce.template_version_id,
                "title": "Taskforce",
                "organisation_ids": [w.own.pk],
                "anchor_date": "2027-03-01",
            },
        )
    ],
    "GET /api/programmes/{programme_id}": [P((401, 200, 200, 404, 200, 404, 200))],
    "PATCH /api/programmes/{programme_id}/activities/{key}": [
        P((401, 200, 200, 404, 403, 404, 403), data=lambda w: {"pinned": True})
    ],
    "POST /api/programmes/{programme_id}/reflow/preview": [
        P((401, 200, 200, 404, 403, 404, 403), data=lambda w: {"moved": {"kickoff": "2027-03-03"}})
    ],
    "POST /api/programmes/{programme_id}/reflow/apply": [
        P((401, 200, 200, 404, 403, 404, 403), data=lambda w: {"moved": {"kickoff": "2027-03-03"}})
    ],
    # Joint meetings in a soft closed period: everyone in the programme reads the warnings; the runners accept one
    # (the matrix's kickoff lies in none: a Danish 400 for them).
    "GET /api/programmes/{programme_id}/soft-period-warnings": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/programmes/{programme_id}/activities/{key}/accept-soft-period": [
        P((401, 400, 400, 404, 403, 404, 403), data=lambda w: {"period_key": "summer_holiday"})
    ],
    # Offered times for an organisation's own calls: read by the programme (an organisation: the free ones and its
    # own), offered and withdrawn by the runners, booked by the organisation's coordinator for their own call.
    "GET /api/programmes/{programme_id}/slot-offers": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/programmes/{programme_id}/slot-offers": [
        P(
            (401, 201, 201, 404, 403, 404, 403),
            data=lambda w: {
                "template_key": "expectations_call",
                "occurrence": 1,
                "starts_on": "2027-01-26",
                "start_time": f"1{len(w.programme.slot_offers.all())}:00",
            },
        )
    ],
    "DELETE /api/programmes/{programme_id}/slot-offers/{offer_id}": [P((401, 204, 204, 404, 403, 404, 403))],
    "POST /api/programmes/{programme_id}/activities/{key}/book-slot": [
        P(
            (401, 200, 200, 404, 200, 404, 403),
            url=lambda w: f"/api/programmes/{w.programme.pk}/activities/{own_call_key(w)}/book-slot",
            data=lambda w: {"offer_id": own_offer(w)},
        )
    ],
    "PUT /api/programmes/{programme_id}/organisations": [
        P(
            (401, 200, 200, 404, 403, 404, 403),
            data=lambda w: {
                "organisation_ids": list(w.programme.participations.values_list("organisation_id", flat=True))
            },
        )
    ],
    # Bookings: a shared meeting's are read by the whole programme; organisation people book their own people;
    # attendance is the runners' record.
    "GET /api/programmes/{programme_id}/activities/{key}/participants": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/programmes/{programme_id}/activities/{key}/participants": [
        P(
            (401, 201, 201, 404, 201, 404, 201),
            data=lambda w: {"user_id": w.member_membership.user_id, "organisation_id": w.own.pk},
        )
    ],
    "DELETE /api/programmes/{programme_id}/activities/{key}/participants/{participant_id}": [
        P((401, 204, 204, 404, 204, 404, 204))
    ],
    "PATCH /api/programmes/{programme_id}/activities/{key}/participants/{participant_id}": [
        P((401, 200, 200, 404, 403, 404, 403), data=lambda w: {"attended": True})
    ],
    # A team for the joint meetings in one call: the runners for every organisation, its coordinator for their own.
    "GET /api/programmes/{programme_id}/organisations/{organisation_id}/bookings": [
        P((401, 200, 200, 404, 200, 404, 200))
    ],
    "PUT /api/programmes/{programme_id}/organisations/{organisation_id}/bookings": [
        P(
            (401, 200, 200, 404, 200, 404, 403),
            data=lambda w: {"bookings": [{"activity_key": "kickoff", "user_id": w.member_membership.user_id}]},
        )
    ],
    "GET /api/programmes/{programme_id}/success-criteria": [P((401, 200, 200, 404, 200, 404, 200))],
    "PUT /api/programmes/{programme_id}/activities/{key}/success-criteria/{index}/{organisation_id}": [
        P((401, 200, 200, 404, 403, 404, 403), data=lambda w: {"met": True, "comment": "Klædt på"})
    ],
    # Refused (400, with the reason) while the follow-up call is not done.
    "POST /api/programmes/{programme_id}/complete": [P((401, 400, 400, 404, 403, 404, 403))],
    "GET /api/programmes/{programme_id}/trial-actions": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/programmes/{programme_id}/trial-actions": [
        P(
            (401, 201, 201, 404, 201, 404, 201),
            data=lambda w: {
                "organisation_id": w.own.pk,
                "development_point": "Boligmøder",
                "plan": "Ugentligt boligmøde",
                "starts_on": "2027-03-01",
                "ends_on": "2027-04-01",
            },
        )
    ],
    "PATCH /api/programmes/{programme_id}/trial-actions/{trial_id}": [
        P((401, 200, 200, 404, 200, 404, 200), data=lambda w: {"status": "running"})
    ],
    "GET /api/programmes/{programme_id}/trial-actions/{trial_id}/feedback": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/programmes/{programme_id}/trial-actions/{trial_id}/feedback": [
        P((401, 201, 201, 404, 201, 404, 201), data=lambda w: {"text": "God idé"})
    ],
    "GET /api/programmes/{programme_id}/organisation-goals": [P((401, 200, 200, 404, 200, 404, 200))],
    # Refused (400, in Danish) before the kickoff meeting has taken place; set after it.
    "PUT /api/programmes/{programme_id}/organisation-goals/{organisation_id}": [
        P((401, 400, 400, 404, 400, 404, 403), data=lambda w: {"text": "Alle får CTI", "due_on": "2027-07-01"}),
        P(
            (401, 200, 200, 404, 200, 404, 403),
            url=lambda w: after_kickoff(w, f"/api/programmes/{w.programme.pk}/organisation-goals/{w.own.pk}"),
            data=lambda w: {"text": "Alle får CTI", "due_on": "2027-07-01"},
            label="after the kickoff",
        ),
    ],
    # At the kickoff no status is recorded (400); at a reflection meeting, once the goal is set.
    "PUT /api/programmes/{programme_id}/activities/{key}/goal-status/{organisation_id}": [
        P((401, 400, 400, 404, 400, 404, 403), data=lambda w: {"progress": "under_way"}),
        P(
            (401, 200, 200, 404, 200, 404, 403),
            url=lambda w: with_own_goal(
                w, f"/api/programmes/{w.programme.pk}/activities/reflection_meeting-1/goal-status/{w.own.pk}"
            ),
            data=lambda w: {"progress": "under_way"},
            label="reflection meeting",
        ),
    ],
    "GET /api/programmes/{programme_id}/activities/{key}/wishes": [P((401, 200, 200, 404, 200, 404, 200))],
    "PUT /api/programmes/{programme_id}/activities/{key}/wishes/{organisation_id}": [
        P((401, 200, 200, 404, 200, 404, 403), data=lambda w: {"text": "Mere om bostøtte"})
    ],
    # Only the closing meeting books the kickoff's participants (the kickoff itself: 400).
    "POST /api/programmes/{programme_id}/activities/{key}/participants/from-kickoff": [
        P((401, 400, 400, 404, 400, 404, 400)),
        P(
            (401, 200, 200, 404, 200, 404, 200),
            url=lambda w: f"/api/programmes/{w.programme.pk}/activities/closing_meeting/participants/from-kickoff",
            label="closing meeting",
        ),
    ],
    "GET /api/intake/rounds": [P((200,) * 7)],
    "POST /api/intake/rounds": [
        P(
            (401, 201, 201, 403, 403, 403, 403),
            data=lambda w: {
                "season": "Efterår 2027",
                "theme": "Bostøtte",
                "opens_on": "2027-08-01",
                "closes_on": "2027-08-31",
                "template_version_id": w.programme.template_version_id,
            },
        )
    ],
    # Organisation people register only their own organisations (here the other one: 400 for own's people).
    "POST /api/intake/rounds/{round_id}/registrations": [
        P(
            (201, 201, 201, 201, 400, 201, 400),
            data=lambda w: {
                "organisation_id": w.other.pk,
                "coordinator_name": "Tove",
                "coordinator_email": "tove@odense.dk",
                "motivation": "Vi vil i gang.",
                "development_point": "Boligmøder",
                "expected_participants": 4,
            },
        )
    ],
    "GET /api/intake/rounds/{round_id}/registrations": [P(API_ALL_IN)],  # each sees their own organisations'
    "POST /api/intake/rounds/{round_id}/groups": [
        P(
            (401, 201, 201, 403, 403, 403, 403),
            data=lambda w: {
                "registration_ids": [r.pk for r in w.registrations],
                "title": "Gruppe",
                "acceptance_date": "2027-03-15",
            },
        )
    ],
    "POST /api/intake/rounds/{round_id}/waiting-list": [
        P((401, 200, 200, 403, 403, 403, 403), data=lambda w: {"registration_ids": [w.registrations[0].pk]})
    ],
    "PATCH /api/intake/rounds/{round_id}": [
        P((401, 200, 200, 403, 403, 403, 403), data=lambda w: {"theme": "Boliger og bostøtte"})
    ],
    "GET /api/intake/years/{year}": [P((401, 200, 200, 403, 403, 403, 403), url=lambda w: "/api/intake/years/2030")],
    "GET /api/intake/rounds/{round_id}/waiting-list/offers": [P((401, 200, 200, 403, 403, 403, 403))],
    # The world's round has no next round: the advisors' offer is refused in Danish (400), after the access check.
    "POST /api/intake/rounds/{round_id}/waiting-list/offers": [P((401, 400, 400, 403, 403, 403, 403))],
    # Anyone holding an offer's link takes the place (a made-up token: 400 for everyone).
    "POST /api/intake/waiting-list-offers/confirm": [P((400,) * 7, data=lambda w: {"token": "not-a-real-token"})],
    # Interest and taskforce requests (see the pages above); the own organisation's request holds a slot in spring.
    "GET /api/interest": [P((401, 200, 200, 403, 200, 200, 200))],  # each sees their own organisations'
    "POST /api/interest": [
        P(
            (201, 201, 201, 201, 201, 400, 201),
            data=lambda w: {
                "organisation_id": w.own.pk,
                "contact_name": "Tove",
                "contact_email": "tove@aarhus.dk",
                "needs": "Boliger",
                "expectations": "Sparring",
            },
        )
    ],
    "GET /api/interest/{interest_id}": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/interest/{interest_id}/accept": [
        P(
            (401, 201, 201, 404, 403, 404, 403),
            data=lambda w: {"start_date": "2027-02-01", "title": "Individuelt", "advisor_ids": [w.users["advisor"].pk]},
        )
    ],
    "POST /api/interest/{interest_id}/decline": [
        P((401, 200, 200, 404, 403, 404, 403), data=lambda w: {"reason": "Ikke i år"})
    ],
    "GET /api/taskforce-requests": [P((401, 200, 200, 200, 200, 200, 200))],
    # For the other municipality (the own one has an open request already): organisation people only for their own.
    "POST /api/taskforce-requests": [
        P(
            (201, 201, 201, 201, 400, 201, 400),
            data=lambda w: {
                "organisation_id": w.other.pk,
                "contact_name": "Tove",
                "contact_email": "tove@aarhus.dk",
                "needs": "Boliger",
                "expectations": "Sparring",
            },
        )
    ],
    "GET /api/taskforce-requests/{request_id}": [P((401, 200, 200, 200, 200, 404, 200))],
    "POST /api/taskforce-requests/{request_id}/allocate": [
        P((401, 200, 200, 403, 403, 404, 403), data=lambda w: {"season_id": spring_2027(w)})
    ],
    "POST /api/taskforce-requests/{request_id}/withdraw": [
        P((401, 200, 200, 403, 403, 404, 403), data=lambda w: {"reason": "Trukket tilbage"})
    ],
    "POST /api/taskforce-requests/{request_id}/decline": [
        P((401, 200, 200, 403, 403, 404, 403), data=lambda w: {"reason": "Ikke i år"})
    ],
    "POST /api/taskforce-requests/{request_id}/start": [
        P(
            (401, 201, 201, 403, 403, 404, 403),
            data=lambda w: {"start_date": "2027-03-01", "title": "Taskforce", "staff_ids": [w.users["advisor"].pk]},
        )
    ],
    "GET /api/seasons": [P((401, 200, 200, 200, 403, 403, 403))],
    "PATCH /api/seasons/{season_id}": [P((401, 200, 200, 403, 404, 404, 404), data=lambda w: {"capacity": 3})],
    # Refused (400, with the reason) while nobody is on the waiting list.
    "POST /api/seasons/{season_id}/move-up": [P((401, 400, 400, 403, 404, 404, 404))],
    "GET /api/programmes/{programme_id}/version/{version_id}/preview": [P((401, 200, 200, 404, 403, 404, 403))],
    "POST /api/programmes/{programme_id}/version/{version_id}": [P((401, 200, 200, 404, 403, 404, 403))],
    # Evaluations (see the pages above); the kickoff is still to come for the GET, held five days ago for the POST.
    "GET /api/activities/{activity_id}/evaluation": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/activities/{activity_id}/evaluation": [
        P((401, 403, 403, 404, 403, 404, 201), data=lambda w: evaluation_meeting(w) and {"sparring": 4, "useful": 5})
    ],
    "GET /api/programmes/{programme_id}/evaluations": [P((401, 200, 200, 404, 403, 404, 403))],
    # Documents (see the pages above). The matrix sends no file: 400 (with the reasons) for those who may upload.
    "GET /api/programmes/{programme_id}/documents": [P((401, 200, 200, 404, 200, 404, 200))],
    "POST /api/programmes/{programme_id}/documents": [P((401, 400, 400, 404, 400, 404, 400))],
    "GET /api/documents/{document_id}": [P((401, 200, 200, 404, 200, 404, 200))],
    "GET /api/documents/{document_id}/file": [P((401, 200, 200, 404, 200, 404, 200))],
    "DELETE /api/documents/{document_id}": [P((401, 204, 204, 404, 204, 404, 403))],
    # Development work (see the pages above), probed on the taskforce programme with the own municipality.
    "GET /api/programmes/{programme_id}/mappings": [P(DEV_API_READ, url=lambda w: dev_api(w, "mappings"))],
    "PUT /api/programmes/{programme_id}/mappings/{prerequisite}": [
        P(DEV_API_WRITE, url=lambda w: dev_api(w, "mappings/housing"), data=lambda w: {"strengths": "Samarbejde"})
    ],
    "GET /api/programmes/{programme_id}/recommendations": [
        P(DEV_API_READ, url=lambda w: dev_api(w, "recommendations"))
    ],
    "POST /api/programmes/{programme_id}/recommendations": [
        P(
            DEV_API_CREATE,
            url=lambda w: dev_api(w, "recommendations"),
            data=lambda w: {"prerequisite": "case_handling", "text": "Styrk sagsbehandlingen"},
        )
    ],
    "PUT /api/programmes/{programme_id}/recommendations/order": [
        P(
            DEV_API_WRITE,
            url=lambda w: dev_api(w, "recommendations/order"),
            data=lambda w: {"ids": [dev_records(w)["r"].pk]},
        )
    ],
    "PATCH /api/programmes/{programme_id}/recommendations/{recommendation_id}": [
        P(DEV_API_WRITE, url=lambda w: dev_api(w, "recommendations/{r}"), data=lambda w: {"text": "Ny tekst"})
    ],
    "DELETE /api/programmes/{programme_id}/recommendations/{recommendation_id}": [
        P(DEV_API_DELETE, url=lambda w: dev_api(w, "recommendations/{r}"))
    ],
    "GET /api/programmes/{programme_id}/development-points": [
        P(DEV_API_READ, url=lambda w: dev_api(w, "development-points"))
    ],
    "POST /api/programmes/{programme_id}/development-points": [
        P(
            DEV_API_CREATE,
            url=lambda w: dev_api(w, "development-points"),
            data=lambda w: {"prerequisite": "support", "title": "CTI til alle"},
        )
    ],
    "PATCH /api/programmes/{programme_id}/development-points/{point_id}": [
        P(DEV_API_WRITE, url=lambda w: dev_api(w, "development-points/{d}"), data=lambda w: {"title": "Boliger"})
    ],
    "DELETE /api/programmes/{programme_id}/development-points/{point_id}": [
        P(DEV_API_DELETE, url=lambda w: dev_api(w, "development-points/{d}"))
    ],
    "POST /api/programmes/{programme_id}/development-points/{point_id}/goals": [
        P(
            DEV_API_CREATE,
            url=lambda w: dev_api(w, "development-points/{d}/goals"),
            data=lambda w: {"text": "Ingen venter", "due_on": "2027-12-01"},
        )
    ],
    "PATCH /api/programmes/{programme_id}/goals/{goal_id}": [
        P(
            (401, 200, 200, 200, 200, 404, 403),
            url=lambda w: dev_api(w, "goals/{g}"),
            data=lambda w: {"status": "reached"},
        )
    ],
    "DELETE /api/programmes/{programme_id}/goals/{goal_id}": [P(DEV_API_DELETE, url=lambda w: dev_api(w, "goals/{g}"))],
    "GET /api/programmes/{programme_id}/goals/{goal_id}/progress-notes": [
        P(DEV_API_READ, url=lambda w: dev_api(w, "goals/{g}/progress-notes"))
    ],
    "POST /api/programmes/{programme_id}/goals/{goal_id}/progress-notes": [
        P(
            (401, 403, 403, 403, 201, 404, 201),
            url=lambda w: dev_api(w, "goals/{g}/progress-notes"),
            data=lambda w: {"written_on": "2027-05-01", "text": "Vi er i gang"},
        )
    ],
    "PATCH /api/programmes/{programme_id}/progress-notes/{note_id}": [
        P(DEV_API_WRITE, url=lambda w: dev_api(w, "progress-notes/{n}"), data=lambda w: {"comment": "Flot"})
    ],
    "DELETE /api/programmes/{programme_id}/progress-notes/{note_id}": [
        P((401, 403, 403, 403, 403, 404, 204), url=lambda w: dev_api(w, "progress-notes/{n}"))
    ],
    "GET /api/programmes/{programme_id}/development-plan": [
        P(DEV_API_READ, url=lambda w: dev_api(w, "development-plan"))
    ],
    "POST /api/programmes/{programme_id}/development-points/{point_id}/actions": [
        P(
            DEV_API_CREATE,
            url=lambda w: dev_api(w, "development-points/{d}/actions"),
            data=lambda w: {"text": "Boligmøde", "owner": "Boligchef", "deadline": "2027-06-01"},
        )
    ],
    "PATCH /api/programmes/{programme_id}/development-actions/{action_id}": [
        P(DEV_API_WRITE, url=lambda w: dev_api(w, "development-actions/{a}"), data=lambda w: {"status": "done"})
    ],
    "DELETE /api/programmes/{programme_id}/development-actions/{action_id}": [
        P(DEV_API_DELETE, url=lambda w: dev_api(w, "development-actions/{a}"))
    ],
    # The collaboration agreement, the ratings and the anchoring plan (see the pages above), on the taskforce programme.
    "GET /api/programmes/{programme_id}/agreement": [P(DEV_API_READ)],
    "PATCH /api/programmes/{programme_id}/agreement": [P(DEV_API_WRITE, data=lambda w: {"data_collection": "Sager"})],
    "POST /api/programmes/{programme_id}/agreement/sign": [
        P(
            DEV_API_WRITE,
            data=lambda w: {
                "signed_on": "2027-03-22",
                "signed_by_organisation": "Anne",
                "signed_by_agency": "Rikke",
                "signed_by_appeals_agency": "Jens",
            },
        )
    ],
    # Refused (400, with the reason) while the agreement is not signed.
    "POST /api/programmes/{programme_id}/agreement/reopen": [P((401, 400, 400, 400, 403, 404, 403))],
    "GET /api/programmes/{programme_id}/agreement/document": [P(DEV_API_READ)],
    "GET /api/programmes/{programme_id}/ratings": [P(DEV_API_READ)],
    "PUT /api/programmes/{programme_id}/ratings": [
        P(
            DEV_API_WRITE,
            data=lambda w: {
                "prerequisite": "case_handling",
                "moment": "before",
                "score": 2,
                "justification": "Fra analysen",
                "rated_on": "2027-08-01",
            },
        )
    ],
    "GET /api/programmes/{programme_id}/anchoring-plan": [P(DEV_API_READ)],
    "PUT /api/programmes/{programme_id}/anchoring-plan": [
        P((401, 200, 200, 200, 200, 404, 403), data=lambda w: {"what_continues": "Boligmøderne"})
    ],
    # Taskforce records (see the pages above); {programme_id} is the taskforce programme here (endpoint_values).
    "GET /api/programmes/{programme_id}/data-collection-items": [P(TF_READ)],
    "POST /api/programmes/{programme_id}/data-collection-items": [
        P(TF_CREATE, data=lambda w: {"what": "Sagsakter", "source": "Socialafdelingen", "due_on": "2027-05-01"})
    ],
    "PATCH /api/programmes/{programme_id}/data-collection-items/{data_item_id}": [
        P((401, 200, 200, 200, 200, 404, 403), data=lambda w: {"status": "received"})
    ],
    "DELETE /api/programmes/{programme_id}/data-collection-items/{data_item_id}": [P(TF_DELETE)],
    "GET /api/programmes/{programme_id}/political-presentations": [P(TF_READ)],
    "POST /api/programmes/{programme_id}/political-presentations": [
        P(TF_CREATE, data=lambda w: {"kind": "analysis", "presented_on": "2027-10-05", "committee": "Socialudvalget"})
    ],
    "PATCH /api/programmes/{programme_id}/political-presentations/{presentation_id}": [
        P(TF_CHANGE, data=lambda w: {"notes": "Taget til efterretning"})
    ],
    "DELETE /api/programmes/{programme_id}/political-presentations/{presentation_id}": [P(TF_DELETE)],
    "GET /api/programmes/{programme_id}/learning-activities": [P(TF_READ)],
    "POST /api/programmes/{programme_id}/learning-activities": [
        P(TF_CREATE, data=lambda w: {"title": "Kursus i CTI", "held_on": "2027-11-02", "participants": 5})
    ],
    "PATCH /api/programmes/{programme_id}/learning-activities/{learning_activity_id}": [
        P(TF_CHANGE, data=lambda w: {"attended": True})
    ],
    "DELETE /api/programmes/{programme_id}/learning-activities/{learning_activity_id}": [P(TF_DELETE)],
    "GET /api/programmes/{programme_id}/decisions": [P(TF_READ)],
    "POST /api/programmes/{programme_id}/status-meetings/{meeting_key}/decisions": [
        P(TF_CREATE, data=lambda w: {"text": "Fast boligmøde", "follow_ups": [{"text": "Indkald", "owner": "Lene"}]})
    ],
    "PATCH /api/programmes/{programme_id}/decisions/{decision_id}": [P(TF_CHANGE, data=lambda w: {"text": "Ændret"})],
    "DELETE /api/programmes/{programme_id}/decisions/{decision_id}": [P(TF_DELETE)],
    "GET /api/programmes/{programme_id}/follow-up-items": [P(TF_READ)],
    "POST /api/programmes/{programme_id}/status-meetings/{meeting_key}/follow-up-items": [
        P(TF_CREATE, data=lambda w: {"text": "Ring til boligselskabet", "owner": "Bo", "due_on": "2027-12-01"})
    ],
    "PATCH /api/programmes/{programme_id}/follow-up-items/{follow_up_id}": [
        P((401, 200, 200, 200, 200, 404, 403), data=lambda w: {"status": "done"})
    ],
    "DELETE /api/programmes/{programme_id}/follow-up-items/{follow_up_id}": [P(TF_DELETE)],
    "POST /api/programmes/{programme_id}/status-meetings/{meeting_key}/follow-up-items/{follow_up_id}/check": [
        P(TF_CHANGE, data=lambda w: {"status": "done"})
    ],
    "GET /api/outbox": [P((401, 200, 200, 403, 403, 403, 403))],
    "POST /api/outbox/{message_id}/retry": [P((401, 200, 200, 404, 404, 404, 404))],
    # The public offers: read by everyone, written by advisors and administrators.
    "GET /api/offers": [P(EVERYONE)],
    "GET /api/offers/{offer_kind}": [P(EVERYONE)],
    "GET /api/offers/{offer_kind}/contacts": [P(EVERYONE)],
    "PUT /api/offers/{offer_kind}/texts/{language}": [
        P((401, 200, 200, 403, 403, 403, 403), data=lambda w: {"summary": "Kort", "body": "Tekst\n\n- punkt"})
    ],
    "POST /api/offers/{offer_kind}/contacts": [
        P((401, 201, 201, 403, 403, 403, 403), data=lambda w: {"name": "Karin", "email": "karin@example.dk"})
    ],
    "PATCH /api/offer-contacts/{contact_id}": [
        P((401, 200, 200, 403, 403, 403, 403), data=lambda w: {"title": "Chef"})
    ],
    "DELETE /api/offer-contacts/{contact_id}": [P((401, 204, 204, 403, 403, 403, 403))],
    "GET /api/knowledge": [P(API_ALL_IN)],
    "GET /api/knowledge/{shared_id}": [P(API_ALL_IN)],
    "PUT /api/knowledge/{shared_id}/exemplary": [
        P((401, 200, 200, 403, 403, 403, 403), data=lambda w: {"exemplary": True})
    ],
    # Refused (400, in Danish) while the trial action is not completed; shared once it is.
    "PUT /api/programmes/{programme_id}/trial-actions/{trial_id}/knowledge-share": [
        P((401, 403, 403, 404, 400, 404, 403), data=lambda w: {"prerequisite": "support"}),
        P(
            (401, 403, 403, 404, 200, 404, 403),
            url=lambda w: f"/api/programmes/{w.programme.pk}/trial-actions/{own_completed(w)}/knowledge-share",
            data=lambda w: {"prerequisite": "support"},
            label="completed",
        ),
    ],
    "DELETE /api/programmes/{programme_id}/trial-actions/{trial_id}/knowledge-share": [
        P(
            (401, 403, 403, 404, 204, 404, 403),
            url=lambda w: (
                f"/api/programmes/{w.programme.pk}/trial-actions/{own_completed(w, shared=True)}/knowledge-share"
            ),
        )
    ],
}

PATH_PARAMETERS: dict[str, Callable[[World], Any]] = {
    "organisation_id": lambda w: w.own.pk,
    "person_id": lambda w: w.users["coordinator_own"].pk,
    "token_id": lambda w: w.own_coordinator_token.pk,
    "membership_id": lambda w: w.member_membership.pk,
    "invitation_id": lambda w: own_invitation(w),
    "programme_id": lambda w: w.programme.pk,
    "version_id": lambda w: w.programme.template_version_id,
    "key": lambda w: "kickoff",
    "index": lambda w: 0,
    "participant_id": lambda w: member_booked_for_kickoff(w),
    "offer_id": lambda w: own_offer(w, free=True),
    "round_id": lambda w: w.intake_round.pk,
    "activity_id": lambda w: w.programme.activities.get(key="kickoff").pk,
    "trial_id": lambda w: w.trial_action.pk,
    "message_id": lambda w: failed_outbox_message(w),
    "document_id": lambda w: own_document(w),
    # The development work's records are the taskforce programme's; {programme_id} stays the group programme (404)
    # unless a probe names its URL (the matrix rows above do).
    "prerequisite": lambda w: "housing",
    "recommendation_id": lambda w: dev_records(w)["r"].pk,
    "point_id": lambda w: dev_records(w)["d"].pk,
    "goal_id": lambda w: dev_records(w)["g"].pk,
    "note_id": lambda w: dev_records(w)["n"].pk,
    "action_id": lambda w: dev_records(w)["a"].pk,
    "meeting_key": lambda w: "status_meeting-2",
    "data_item_id": lambda w: tf_data_item(w),
    "presentation_id": lambda w: tf_presentation(w),
    "learning_activity_id": lambda w: tf_learning(w),
    "decision_id": lambda w: tf_decision(w),
    "follow_up_id": lambda w: tf_follow_up(w),
    "interest_id": lambda w: own_interest(w),
    "request_id": lambda w: own_taskforce_request(w),
    "season_id": lambda w: spring_2027(w),
    "offer_kind": lambda w: "group",
    "year": lambda w: 2027,  # the year's figures (reports); any year 2020–2100
    "language": lambda w: "da",
    "contact_id": lambda w: offer_contact(w),
    "shared_id": lambda w: own_shared(w),
}


def own_completed(world: World, shared: bool = False) -> int:
    """The own organisation's trial action, completed (and, if asked, shared in the knowledge bank by its
    coordinator)."""
    from advisory.programmes.models import TrialActionStatus

    TrialAction.objects.filter(pk=world.trial_action.pk).update(status=TrialActionStatus.COMPLETED)
    if shared:
        own_shared(world)
    return world.trial_action.pk


def own_shared(world: World) -> int:
    """The own organisation's trial action, completed and shared in the knowledge bank (made when first asked for)."""
    from advisory.knowledge.models import SharedTrialAction
    from advisory.knowledge.services import trial_action_share

    found = SharedTrialAction.objects.filter(trial_action=world.trial_action).first()
    if found is None:
        own_completed(world)
        trial_action = TrialAction.objects.get(pk=world.trial_action.pk)
        found = trial_action_share(trial_action=trial_action, prerequisite="support", by=world.users["coordinator_own"])
    return found.pk


def offer_contact(world: World) -> int:
    """A contact person of the group offer (made when first asked for)."""
    from advisory.offers.models import ContactPerson

    return ContactPerson.objects.get_or_create(kind="group", name="Christina", defaults={"email": "c@example.dk"})[0].pk


def spring_2027(world: World) -> int:
    """The taskforce season spring 2027 (made when first asked for)."""
    from advisory.requests.models import Season

    return Season.objects.get_or_create(year=2027, half="spring")[0].pk


def own_interest(world: World) -> int:
    """The own organisation's expression of interest, not yet decided (made when first asked for)."""
    from advisory.requests.models import ExpressionOfInterest

    interest, _created = ExpressionOfInterest.objects.get_or_create(
        organisation=world.own,
        defaults={
            "contact_name": "Tove",
            "contact_email": "tove@aarhus.dk",
            "needs": "Boliger",
            "expectations": "Plan",
        },
    )
    return interest.pk


def own_taskforce_request(world: World) -> int:
    """The own municipality's taskforce request, allocated a slot in spring 2027 (made when first asked for)."""
    from advisory.requests.models import TaskforceRequest

    request, _created = TaskforceRequest.objects.get_or_create(
        organisation=world.own,
        defaults={
            "contact_name": "Tove",
            "contact_email": "tove@aarhus.dk",
            "needs": "Boliger",
            "expectations": "Plan",
            "status": "allocated",
            "season_id": spring_2027(world),
        },
    )
    return request.pk


def after_kickoff(world: World, url: str) -> str:
    """``url``, with the group programme's kickoff marked done (the goals are set after it)."""
    from django.utils import timezone

    world.programme.activities.filter(key="kickoff").update(done_at=timezone.now())
    return url


def with_own_goal(world: World, url: str) -> str:
    """``url``, with the own organisation's goal in the group programme set after the kickoff."""
    from advisory.programmes.models import OrganisationGoal

    after_kickoff(world, url)
    OrganisationGoal.objects.get_or_create(
        programme=world.programme,
        organisation=world.own,
        defaults={"text": "Alle får CTI", "due_on": datetime.date(2027, 7, 1)},
    )
    return url


def own_call_key(world: World) -> str:
    """The key of the own organisation's expectations call (each organisation of a group has its own)."""
    return world.programme.activities.get(template_key="expectations_call", organisation=world.own).key


def own_offer(world: World, *, free: bool = False) -> int:
    """A time offered for the expectations calls (``free``: a new one nobody booked; made when first asked for)."""
    from advisory.programmes.models import SlotOffer

    offers = world.programme.slot_offers.filter(template_key="expectations_call")
    if free:
        offers = offers.filter(booked_by_activity__isnull=True)
    offer = offers.order_by("pk").first()
    if offer is None:
        count = SlotOffer.objects.count()
        offer = SlotOffer.objects.create(
            programme=world.programme,
            template_key="expectations_call",
            occurrence=1,
            starts_on=datetime.date(2027, 1, 27),
            start_time=datetime.time(8, count % 60),
        )
    return offer.pk


def member_booked_for_kickoff(world: World) -> int:
    """The own organisation's member booked for the kickoff (made when first asked for)."""
    participant = programme_services.meeting_book(
        activity=world.programme.activities.get(key="kickoff"),
        user=world.member_membership.user,
        organisation=world.own,
    )
    return participant.pk


def agr_url(world: World, name: str, group: bool = False) -> str:
    """A page of the agreement, the ratings or the anchoring plan of the taskforce programme (or the group one)."""
    return reverse(f"development:{name}", args=[(world.programme if group else world.taskforce).pk])


# Endpoints of these tags exist only for individual and taskforce programmes: their {programme_id} is the taskforce.
TASKFORCE_PROGRAMME_TAGS = {"development", "taskforce"}


def endpoint_values(world: World, method: str, path: str) -> dict[str, Any]:
    """The path parameters of an endpoint, built from the world (only those the path names)."""
    values = {name: build(world) for name, build in PATH_PARAMETERS.items() if f"{{{name}}}" in path}
    if "programme_id" in values and TASKFORCE_PROGRAMME_TAGS & set(_endpoint_tags(method, path)):
        values["programme_id"] = world.taskforce.pk
    return values


@functools.cache
def _endpoint_tags(method: str, path: str) -> tuple[str, ...]:
    """The operation's tags in the OpenAPI document (made once: building the document takes seconds)."""
    operation = _openapi_schema()["paths"].get(path, {}).get(method.lower(), {})
    return tuple(operation.get("tags", []))


@functools.cache
def _openapi_schema() -> dict[str, Any]:
    return api.get_openapi_schema()


INVITED_ADDRESS = "inviteret@aarhus.dk"  # an address without an account


def _invite(world: World, email: str) -> tuple[Any, str]:
    from advisory.organisations import services as organisation_services

    return organisation_services.membership_invite(
        by=world.users["coordinator_own"], organisation=world.own, email=email, function="member"
    )


def own_invitation(world: World) -> int:
    """A pending invitation to the own organisation (made when first asked for)."""
    from advisory.organisations.models import MembershipInvitation

    pending = MembershipInvitation.objects.pending().filter(organisation=world.own, email=INVITED_ADDRESS).first()
    return pending.pk if pending else _invite(world, INVITED_ADDRESS)[0].pk


def own_invitation_link(world: World) -> str:
    """The link of a new invitation to the own organisation for an address without an account."""
    return reverse("organisations:invitation", args=[_invite(world, INVITED_ADDRESS)[1]])


def member_invitation_token(world: World) -> str:
    """The token of an invitation to the own organisation sent to the member's own address."""
    return _invite(world, world.users["organisation_member"].email)[1]


def waiting_list_link(world: World) -> str:
    """The link of an offer of a place in a next round to an organisation on the world's round's waiting list (a new
    token each time it is asked for)."""
    from advisory.core.tokens import new_token
    from advisory.intake.models import IntakeRound, WaitingListOffer

    round_ = world.intake_round
    following, _created = IntakeRound.objects.get_or_create(
        season="Næste runde",
        defaults={
            "theme": "Støtte i egen bolig",
            "opens_on": round_.opens_on + datetime.timedelta(days=60),
            "closes_on": round_.opens_on + datetime.timedelta(days=90),
            "template_version": round_.template_version,
        },
    )
    raw, hashed = new_token()
    WaitingListOffer.objects.update_or_create(
        registration=world.registrations[2],
        next_round=following,
        defaults={"token_hash": hashed, "expires_on": datetime.date.today() + datetime.timedelta(days=30)},
    )
    return reverse("intake:waiting_list_confirm", args=[raw])


def failed_outbox_message(world: World) -> int:
    """A mail the platform gave up on (made when first asked for)."""
    from advisory.notifications.models import OutboxMessage, OutboxStatus

    message, _created = OutboxMessage.objects.get_or_create(
        idempotency_key="matrix:failed",
        defaults={
            "to": "tovholder@aarhus.dk",
            "subject": "Påmindelse",
            "text_body": "Tekst",
            "attempts": 10,
            "status": OutboxStatus.FAILED,
            "next_attempt_at": None,
        },
    )
    return message.pk


def evaluation_meeting(world: World) -> int:
    """The group programme's kickoff, held five days ago, with the own organisation's member booked for it."""
    from django.utils import timezone

    from advisory.programmes.models import MeetingParticipant

    kickoff = world.programme.activities.get(key="kickoff")
    kickoff.starts_on = timezone.localdate() - datetime.timedelta(days=5)
    kickoff.save(update_fields=["starts_on"])
    MeetingParticipant.objects.get_or_create(
        activity=kickoff, user=world.users["organisation_member"], defaults={"organisation": world.own}
    )
    return kickoff.pk


def own_document(world: World) -> int:
    """The own organisation's presentation in the group programme, not shared with the group (made when first
    asked for; the file goes to the world's temporary MEDIA_ROOT)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from advisory.documents.models import Document
    from advisory.documents.services import document_upload

    found = Document.objects.filter(programme=world.programme, title="Oplæg til matrix").first()
    if found is None:
        found = document_upload(
            by=world.users["advisor"],
            programme=world.programme,
            organisation=world.own,
            uploaded_file=SimpleUploadedFile("oplaeg.pdf", b"%PDF-1.4\n%%EOF\n"),
            title="Oplæg til matrix",
            shared_with_group=False,
        )
    return found.pk


def dev_records(world: World) -> dict[str, Any]:
    """The taskforce programme's development work (made when first asked for): a recommendation, a development point
    with a goal and an action, and a progress note written by the own organisation's member."""
    from advisory.development import services as development
    from advisory.development.models import DevelopmentPoint

    programme = world.taskforce
    point = DevelopmentPoint.objects.filter(programme=programme).first()
    if point is None:
        advisor = world.users["advisor"]
        recommendation = development.recommendation_create(
            by=advisor, programme=programme, prerequisite="housing", text="Boliger"
        )
        point = development.development_point_create(
            by=advisor, programme=programme, prerequisite="housing", title="Boliger", recommendation=recommendation
        )
        goal = development.goal_create(by=advisor, point=point, text="Ingen venter", due_on=datetime.date(2027, 9, 1))
        development.progress_note_create(
            by=world.users["organisation_member"],
            goal=goal,
            written_on=datetime.date(2027, 4, 1),
            text="Godt i gang",
        )
        development.action_create(
            by=advisor, point=point, text="Boligmøde", owner="Boligchef", deadline=datetime.date(2027, 6, 1)
        )
    goal = point.goals.get()
    return {
        "p": programme,
        "r": point.recommendation,
        "d": point,
        "g": goal,
        "n": goal.progress_notes.get(),
        "a": point.actions.get(),
    }


def dev_url(world: World, name: str, record: str) -> str:
    return reverse(f"development:{name}", args=[dev_records(world)[record].pk])


def dev_api(world: World, path: str) -> str:
    records = dev_records(world)
    return f"/api/programmes/{world.taskforce.pk}/" + path.format(**{k: v.pk for k, v in records.items()})


def tf(world: World, **more: Any) -> dict[str, Any]:
    """URL arguments for a taskforce page of the world's taskforce programme."""
    return {"programme_pk": world.taskforce.pk, **more}


def tf_data_item(world: World) -> int:
    from advisory.taskforce.models import DataCollectionItem

    item, _created = DataCollectionItem.objects.get_or_create(
        programme=world.taskforce, what="Sagsakter", defaults={"source": "Socialafdelingen"}
    )
    return item.pk


def tf_presentation(world: World) -> int:
    from advisory.taskforce.models import PoliticalPresentation

    found, _created = PoliticalPresentation.objects.get_or_create(
        programme=world.taskforce,
        kind="analysis",
        defaults={"presented_on": datetime.date(2027, 10, 5), "committee": "Socialudvalget"},
    )
    return found.pk


def tf_learning(world: World) -> int:
    from advisory.taskforce.models import LearningActivity

    found, _created = LearningActivity.objects.get_or_create(
        programme=world.taskforce, title="Kursus i CTI", defaults={"held_on": datetime.date(2027, 11, 2)}
    )
    return found.pk


def tf_decision(world: World) -> int:
    """A decision of the taskforce programme's first status meeting, with one open follow-up item."""
    from advisory.taskforce.models import FollowUpItem, StatusDecision

    meeting = world.taskforce.activities.get(key="status_meeting-1")
    found, created = StatusDecision.objects.get_or_create(activity=meeting, text="Fast boligmøde")
    if created:
        FollowUpItem.objects.create(activity=meeting, decision=found, text="Indkald boligselskaberne", owner="Lene")
    return found.pk


def tf_follow_up(world: World) -> int:
    from advisory.taskforce.models import FollowUpItem

    return FollowUpItem.objects.get(decision_id=tf_decision(world)).pk


def own_coordinator_feed_token(world: World) -> Any:
    from advisory.notifications.services import feed_token_issue

    return feed_token_issue(owner=world.users["coordinator_own"], kind="person")


def own_coordinator_feed(world: World) -> str:
    from advisory.notifications.calendar_feeds import feed_path

    return feed_path(own_coordinator_feed_token(world))


# --- Enumerating the URL configuration and the OpenAPI document ------------------------------------


def _walk(patterns: list[Any], route: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            found += _walk(pattern.url_patterns, route + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            found.append((name, route + str(pattern.pattern)))
    return found


def page_keys() -> set[str]:
    """Every URL of the URL conf as a table key; the API's operations are keyed by the OpenAPI document."""
    url_patterns = get_resolver().url_patterns  # first: building the API's URLs registers its nested routers
    operation_names = {
        f"api:{getattr(operation, 'url_name', None) or operation.view_func.__name__}" for operation in _api_operations()
    }
    keys = set()
    for name, route in _walk(url_patterns):
        if name.startswith("admin:") or route.startswith("admin/"):
            keys.add("admin:*")
        elif name in operation_names:
            continue
        else:
            keys.add(name or route)
    return keys


def _api_operations() -> list[Any]:
    operations = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            operations.extend(path_view.operations)
    return operations


def endpoint_keys() -> set[str]:
    schema = _openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_url_and_endpoint_is_in_the_table():  # type: ignore[no-untyped-def]
    missing_pages = sorted(page_keys() - set(PAGES))
    missing_endpoints = sorted(endpoint_keys() - set(ENDPOINTS))
    assert not missing_pages and not missing_endpoints, (
        "Add these to the permission matrix (tests/test_permission_matrix.py) with the status for every role:\n"
        + "\n".join(missing_pages + missing_endpoints)
    )


def test_the_table_has_no_rows_for_urls_that_are_gone():  # type: ignore[no-untyped-def]
    assert sorted(set(PAGES) - page_keys()) == []
    assert sorted(set(ENDPOINTS) - endpoint_keys()) == []


# --- Running the matrix ------------------------------------------------------------------------------


def build_world() -> World:
    """The organisations, people and programmes every probe runs against (in the current transaction)."""
    municipality = factories.make_municipality()
    other_municipality = factories.make_other_municipality()
    administrator = factories.make_administrator()
    advisor = factories.make_advisor()
    taskforce_member = factories.make_taskforce_member()
    coordinator = factories.make_coordinator(municipality)
    stranger = factories.make_stranger(other_municipality)
    member = factories.member_of(municipality, function=MembershipFunction.IMPLEMENTATION_TEAM)
    token, _raw = ApiToken.issue(user=coordinator, name="script")
    programme, taskforce = _programmes(municipality, advisor, taskforce_member)
    intake_round, registrations = _intake(municipality, administrator)
    trial_action = TrialAction.objects.create(
        programme=programme,
        organisation=municipality,
        development_point="Boligmøder",
        plan="Ugentligt boligmøde",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 4, 1),
        shared_with_group=False,
    )
    return World(
        trial_action=trial_action,
        intake_round=intake_round,
        registrations=registrations,
        programme=programme,
        taskforce=taskforce,
        own=municipality,
        other=other_municipality,
        users={
            "administrator": administrator,
            "advisor": advisor,
            "taskforce_member": taskforce_member,
            "coordinator_own": coordinator,
            "coordinator_other": stranger,
            "organisation_member": member,
        },
        own_coordinator_token=token,
        member_membership=Membership.objects.get(user=member, organisation=municipality),
    )


def _fetched_again(value: Any) -> Any:
    """The same records, read again from the database (a test may change the objects it is given)."""
    if isinstance(value, models.Model):
        return type(value)._base_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {key: _fetched_again(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fetched_again(item) for item in value]
    return value


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The world, built once per module (``built_once``): each test starts from it as built."""

    def build() -> World:
        built = build_world()
        built.sessions = {role: _logged_in_session(user) for role, user in built.users.items()}
        return built

    with built_once(django_db_blocker, build) as built:
        yield built


@pytest.fixture
def world(world_once, db, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The module's world for one test: its records read again, uploaded documents in the test's own MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # The sessions end SESSION_COOKIE_AGE after their last request, counted from now (a module can run longer).
    Session.objects.filter(session_key__in=world_once.sessions.values()).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    return World(**{f.name: _fetched_again(getattr(world_once, f.name)) for f in dataclasses.fields(World)})


@pytest.fixture
def transactional_world(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The world, built for one test in a database that is really written (for a live server in another thread)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def _programmes(municipality, advisor, taskforce_member):  # type: ignore[no-untyped-def]
    programme_services.templates_load_builtin()
    group = ProgrammeTemplate.objects.get(kind="group").current_version()
    taskforce = ProgrammeTemplate.objects.get(kind="taskforce").current_version()
    programme = programme_services.programme_create(
        version=group,
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )
    staffed = programme_services.programme_create(
        version=taskforce,
        title="Taskforce",
        anchors={"start": datetime.date(2027, 3, 1)},
        organisations=[municipality],
        advisors=[advisor, taskforce_member],
    )
    return programme, staffed


def _intake(municipality, administrator):  # type: ignore[no-untyped-def]
    today = datetime.date.today()
    round_ = intake_services.intake_round_create(
        by=administrator,
        season="Forår",
        theme="Boliger",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        template_version=ProgrammeTemplate.objects.get(kind="group").current_version(),
    )
    registrations = [
        intake_services.registration_create(
            round_=round_,
            organisation=organisation,
            coordinator_name="Tovholder",
            coordinator_email="t@kommune.dk",
            motivation="Motivation",
            development_point="Udviklingspunkt",
            expected_participants=3,
        )
        for organisation in (municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory())
    ]
    return round_, registrations


def _logged_in_session(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _client(world: World, role: str) -> Client:
    """A client of the role: with the session logged in when the world was built, else logged in now."""
    client = Client()
    if role == "anonymous":
        return client
    if role in world.sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[role]
    else:
        client.force_login(world.users[role])
    return client


def _cases(table: dict[str, list[Probe]]) -> list[Any]:
    return [
        pytest.param(key, probe, id=f"{key}{'[' + probe.label + ']' if probe.label else ''}")
        for key, probes in table.items()
        for probe in probes
    ]


@contextmanager
def _rolled_back() -> Iterator[None]:
    """Each role's request sees the world as it was made: what a request changes is undone afterwards."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def _run_roles(probe: Probe, what: str, request: Callable[[str], int]) -> None:
    """The probe's request once per role (in one world, each rolled back); every wrong answer is reported."""
    wrong = []
    for role, expected in zip(ROLES, probe.expected, strict=True):
        with _rolled_back():
            status = request(role)
        if os.environ.get("MATRIX_RECORD"):
            print(f"MATRIX {what} as {role}: {status}{'' if status == expected else f'  (table: {expected})'}")
        elif status != expected:
            wrong.append(f"{what} as {role}: got {status}, the table says {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "probe"), _cases(PAGES))
def test_page(world, key, probe):  # type: ignore[no-untyped-def]
    def request(role: str) -> int:
        url = probe.url(world) if probe.url else reverse(key)
        data = probe.data(world) if probe.data else {}
        return getattr(_client(world, role), probe.method)(url, data).status_code

    _run_roles(probe, f"{probe.method.upper()} {key}", request)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "probe"), _cases(ENDPOINTS))
def test_endpoint(world, key, probe):  # type: ignore[no-untyped-def]
    method, template = key.split(" ", 1)

    def request(role: str) -> int:
        url = probe.url(world) if probe.url else template.format(**endpoint_values(world, method, template))
        body = probe.data(world) if probe.data else None
        client = _client(world, role)
        if body is None:
            return getattr(client, method.lower())(url).status_code
        return getattr(client, method.lower())(url, json.dumps(body), content_type="application/json").status_code

    _run_roles(probe, key, request)
