"""Retention: a period per kind of record; apply_retention reports, and with --apply deletes or anonymises."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessLog
from django.core.management import CommandError, call_command
from django.utils import timezone

from advisory.accounts.models import ApiToken, User
from advisory.organisations.models import Membership
from tests import factories
from tests.security.conftest import activate_totp

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


def days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def run(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def retention(settings):  # type: ignore[no-untyped-def]
    settings.RETENTION = {**settings.RETENTION, "api_tokens_revoked": 90, "inactive_people": 365, "audit_log": 730}
    settings.RETENTION["login_attempts"] = 180
    return settings.RETENTION


@pytest.fixture
def tokens(coordinator):  # type: ignore[no-untyped-def]
    old, _ = ApiToken.issue(user=coordinator, name="old revoked")
    recent, _ = ApiToken.issue(user=coordinator, name="recently revoked")
    active, _ = ApiToken.issue(user=coordinator, name="active")
    ApiToken.objects.filter(pk=old.pk).update(revoked_at=days_ago(91))
    ApiToken.objects.filter(pk=recent.pk).update(revoked_at=days_ago(89))
    return {"old": old, "recent": recent, "active": active}


@pytest.fixture
def people(municipality):  # type: ignore[no-untyped-def]
    gone = factories.coordinator_of(municipality, email="gone@aarhus.dk", first_name="Gitte", last_name="Gone")
    gone.title = "Teamleder"
    gone.phone = "12345678"
    gone.save()
    User.objects.filter(pk=gone.pk).update(last_login=days_ago(400))
    never = factories.UserFactory(email="never@aarhus.dk")
    User.objects.filter(pk=never.pk).update(last_login=None, date_joined=days_ago(366))
    active = factories.UserFactory(email="active@aarhus.dk")
    User.objects.filter(pk=active.pk).update(last_login=days_ago(10))
    superuser = factories.AdministratorFactory(email="root@example.dk")
    User.objects.filter(pk=superuser.pk).update(last_login=days_ago(999))
    return {"gone": gone, "never": never, "active": active, "superuser": superuser}


def test_the_dry_run_reports_and_changes_nothing(retention, tokens, people):  # type: ignore[no-untyped-def]
    output = run()
    assert "Dry run" in output
    assert "api_tokens_revoked: 1 to be deleted" in output
    assert "inactive_people: 2 to be anonymised" in output
    assert ApiToken.objects.count() == 3
    assert User.objects.filter(email="gone@aarhus.dk").exists()
    assert run("--dry-run") == output


def test_apply_deletes_revoked_tokens_past_the_period_only(retention, tokens):  # type: ignore[no-untyped-def]
    output = run("--apply", "--kind", "api_tokens_revoked")
    assert "api_tokens_revoked: 1 deleted" in output
    assert set(ApiToken.objects.values_list("name", flat=True)) == {"recently revoked", "active"}


def test_apply_anonymises_inactive_people_and_keeps_their_place(retention, people, municipality):  # type: ignore[no-untyped-def]
    gone = people["gone"]
    activate_totp(gone)
    ApiToken.issue(user=gone, name="script")
    output = run("--apply", "--kind", "inactive_people")
    assert "inactive_people: 2 anonymised" in output
    gone.refresh_from_db()
    assert gone.email == f"person-{gone.pk}@anonymised.invalid"
    assert (gone.first_name, gone.last_name, gone.title, gone.phone) == ("", "", "", "")
    assert not gone.is_active
    assert not gone.has_usable_password()
    assert not Authenticator.objects.filter(user=gone).exists()
    assert not ApiToken.objects.filter(user=gone).exists()
    assert Membership.objects.filter(user=gone, organisation=municipality).exists()
    for key in ("active", "superuser"):
        person = people[key]
        person.refresh_from_db()
        assert person.is_active and "anonymised" not in person.email
    # The anonymisation is logged, without the values it removed.
    written = LogEntry.objects.filter(timestamp=NOW)
    assert [entry.changes_dict for entry in written.filter(object_pk=str(gone.pk))] == [
        {"retention": ["", "anonymised"]}
    ]
    assert all("Gitte" not in str(entry.changes) and "gone@" not in entry.object_repr for entry in written)
    # Running again finds no one new.
    assert "inactive_people: 0 anonymised" in run("--apply", "--kind", "inactive_people")


def test_apply_deletes_old_audit_entries_and_login_records(retention, municipality):  # type: ignore[no-untyped-def]
    with time_machine.travel(days_ago(731), tick=False):
        municipality.address = "Gammel adresse"
        municipality.save()
        AccessLog.objects.create(username="a@aarhus.dk", ip_address="192.0.2.1", user_agent="x")
        AccessAttempt.objects.create(
            username="a@aarhus.dk", ip_address="192.0.2.1", user_agent="x", failures_since_start=2
        )
    with time_machine.travel(days_ago(10), tick=False):
        municipality.address = "Ny adresse"
        municipality.save()
        AccessLog.objects.create(username="a@aarhus.dk", ip_address="192.0.2.1", user_agent="x")
    output = run("--apply", "--kind", "audit_log", "--kind", "login_attempts")
    assert "audit_log: 1 deleted" in output
    assert "login_attempts: 2 deleted" in output
    remaining = LogEntry.objects.get_for_object(municipality).filter(action=LogEntry.Action.UPDATE)
    assert [entry.changes_dict["address"][1] for entry in remaining] == ["Ny adresse"]
    assert AccessLog.objects.count() == 1
    assert AccessAttempt.objects.count() == 0


def test_an_unknown_kind_is_an_error(retention):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="known: api_tokens_revoked"):
        run("--kind", "nothing")


def test_dry_run_and_apply_cannot_be_combined(retention):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError):
        run("--dry-run", "--apply")


def test_cutoffs_follow_the_settings(retention):  # type: ignore[no-untyped-def]
    from advisory.core import retention as registry

    kind = registry.get_kind("api_tokens_revoked")
    assert registry.cutoff_for(kind, NOW) == NOW - datetime.timedelta(days=90)
    assert timezone.is_aware(registry.cutoff_for(kind))
