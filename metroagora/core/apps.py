from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "metroagora.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry

        from metroagora.core.audit import record_admin_change

        # Every change made in the Django admin goes into the audit log too.
        post_save.connect(record_admin_change, sender=LogEntry, dispatch_uid="core.audit.admin")
