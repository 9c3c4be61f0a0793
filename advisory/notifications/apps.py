from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "advisory.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from advisory.core.selectors import START_SECTIONS
        from advisory.notifications import calendar_feeds, outbox, scheduler
        from advisory.notifications.selectors import start_section

        # What this app brings itself; other apps register their jobs, feed kinds and event sources
        # in their own AppConfig.ready() the same way (see the modules' docstrings).
        scheduler.register_job("outbox_retry", outbox.outbox_send_due, replace=True)
        calendar_feeds.register_builtin_kinds()
        if start_section not in START_SECTIONS:
            START_SECTIONS.append(start_section)
