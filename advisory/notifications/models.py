"""The outbox of e-mails, calendar feed tokens, people's notification choice, and the scheduler's jobs.

Every text field here is written by the platform (rendered mails, SMTP errors, keys, random
identifiers), never typed by a person, so the fields are ``editable=False``: no form can reach them,
and the CPR guard (advisory.core.checks) applies to the forms and fields where people type.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class IcalMethod(models.TextChoices):
    REQUEST = "REQUEST", _("Invitation")
    CANCEL = "CANCEL", _("Cancellation")


class OutboxMessage(models.Model):
    """One e-mail to one address, written before it is sent.

    ``idempotency_key`` names what the mail is about ("reminder:<activity uid>:<days>:<person id>");
    it is unique, so the same mail is never written, nor sent, twice. ``next_attempt_at`` is when the
    message may next be tried: now for a new one, later after a failure (backoff), the end of the
    lease while one worker is sending it, and empty once the platform has given up (after
    ``outbox.MAX_ATTEMPTS``; "retry now" sets it again).
    """

    data_version_exempt = True  # written by the mail worker (advisory/core/changes.py)

    to = models.EmailField(_("to"), editable=False)
    subject = models.CharField(_("subject"), max_length=255, editable=False)
    text_body = models.TextField(_("text"), editable=False)
    html_body = models.TextField(_("HTML"), blank=True, editable=False)
    ical = models.TextField(_("calendar item"), blank=True, editable=False)
    ical_method = models.CharField(_("calendar method"), max_length=8, choices=IcalMethod.choices, blank=True)
    idempotency_key = models.CharField(_("key"), max_length=500, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ("-created_at", "-pk")
        constraints = [models.UniqueConstraint(fields=("idempotency_key",), name="unique_outbox_idempotency_key")]
        indexes = [models.Index(fields=("status", "next_attempt_at"), name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def gave_up(self) -> bool:
        """Failed and no longer retried by itself."""
        return self.status == OutboxStatus.FAILED and self.next_attempt_at is None

    @property
    def can_retry(self) -> bool:
        return self.status == OutboxStatus.FAILED


class FeedKind(models.TextChoices):
    PERSON = "person", _("My calendar")
    ORGANISATION = "organisation", _("Organisation")
    PROGRAMME = "programme", _("Programme")


class CalendarFeedTokenQuerySet(models.QuerySet["CalendarFeedToken"]):
    def active(self) -> CalendarFeedTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class CalendarFeedToken(models.Model):
    """A person's secret address of a calendar feed: their own, an organisation's or a programme's.

    Only ``public_id`` is stored. The address carries it signed with the SECRET_KEY
    (``calendar_feeds.feed_token``), so the platform can show the same address again whenever the
    person wants to copy it, while a copy of the database alone opens no feed. See
    ``advisory/notifications/calendar_feeds.py`` for why.
    """

    data_version_exempt = True  # its "last used" is written when the feed is fetched (advisory/core/changes.py)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FeedKind.choices)
    target_id = models.PositiveBigIntegerField(_("organisation or programme"), null=True, blank=True)
    public_id = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        ordering = ("kind", "created_at")
        constraints = [
            # One active address per person and feed (NULL targets are distinct in SQL, hence two).
            models.UniqueConstraint(
                fields=("owner", "kind"),
                condition=Q(revoked_at__isnull=True, target_id__isnull=True),
                name="one_active_own_feed",
            ),
            models.UniqueConstraint(
                fields=("owner", "kind", "target_id"),
                condition=Q(revoked_at__isnull=True, target_id__isnull=False),
                name="one_active_feed_per_target",
            ),
            models.CheckConstraint(
                condition=Q(kind=FeedKind.PERSON, target_id__isnull=True)
                | (~Q(kind=FeedKind.PERSON) & Q(target_id__isnull=False)),
                name="feed_target_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.owner})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class MailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("One e-mail per reminder, when it is due")
    DIGEST = "digest", _("One weekly e-mail with everything that is due")


class NotificationPreference(models.Model):
    """How a person wants reminders: one mail each, or collected in the weekly digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    mail_mode = models.CharField(
        _("reminders by e-mail"), max_length=16, choices=MailMode.choices, default=MailMode.IMMEDIATE
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_mail_mode_display()}"


class ScheduledJob(models.Model):
    """When a periodic job of the scheduler last ran and may next run (one row per registered job).

    The row is also the job's lock: a scheduler runs the job only after moving ``next_run_at``
    forward in one UPDATE, so two schedulers never run the same job in the same period.
    """

    data_version_exempt = True  # written by the scheduler's runs (advisory/core/changes.py)

    name = models.CharField(_("job"), max_length=100, unique=True, editable=False)
    next_run_at = models.DateTimeField(_("next run"), default=timezone.now)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
