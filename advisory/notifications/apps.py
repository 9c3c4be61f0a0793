import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "advisory.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from advisory.core import mail
        from advisory.core.selectors import START_SECTIONS
        from advisory.notifications import calendar_feeds, outbox, scheduler
        from advisory.notifications.selectors import start_section

        # What this app brings itself; other apps register their jobs, feed kinds and event sources
        # in their own AppConfig.ready() the same way (see the modules' docstrings).
        mail.outbox_implement(outbox.outbox_enqueue)  # mails sent once, for the apps below (core.mail.mail_once)
        scheduler.register_job("outbox_retry", outbox.outbox_send_due, replace=True)
        calendar_feeds.register_builtin_kinds()

        # Programme activities: feeds, what follows a change of plan (the programme services call it through
        # their port, advisory/programmes/plan_changes.py) and reminders.
        from advisory.notifications import plan_changes, programme_calendar, programme_invitations, reminders, wishes
        from advisory.programmes import plan_changes as programme_plan_changes

        hour = datetime.timedelta(hours=1)
        programme_calendar.register()
        programme_plan_changes.implement(plan_changes)
        scheduler.register_job("programme_reminders", reminders.reminders_send_due, every=hour, replace=True)
        scheduler.register_job("programme_overdue", reminders.overdue_notices_send, every=hour, replace=True)
        scheduler.register_job("advisor_digest", reminders.digests_send, every=hour, replace=True)
        scheduler.register_job("meeting_wishes_questions", wishes.wishes_questions_send, every=hour, replace=True)
        scheduler.register_job(
            "invitations_reconcile",
            programme_invitations.invitations_reconcile,
            every=datetime.timedelta(minutes=15),
            replace=True,
        )
        if start_section not in START_SECTIONS:
            START_SECTIONS.append(start_section)
