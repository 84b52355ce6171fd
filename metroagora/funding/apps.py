from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "metroagora.funding"
    verbose_name = _("EU funding")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from metroagora.funding.models import Call
        from metroagora.funding.selectors import bump_calls_version
        from metroagora.funding.signals import calls_bulk_changed

        def changed(*args: object, **kwargs: object) -> None:
            bump_calls_version()

        # Cached lists, feeds and the matcher's profiles follow every change of a call.
        for signal in (post_save, post_delete):
            signal.connect(
                changed, sender=Call, weak=False, dispatch_uid=f"funding-version-{id(signal)}"
            )
        m2m_changed.connect(
            changed, sender=Call.topics.through, weak=False, dispatch_uid="funding-version-topics"
        )
        calls_bulk_changed.connect(changed, weak=False, dispatch_uid="funding-version-bulk")
