from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "metroagora.funding"
    verbose_name = _("EU funding")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from metroagora.funding.models import Call, Programme
        from metroagora.funding.selectors import bump_calls_version
        from metroagora.funding.signals import calls_bulk_changed

        def changed(*args: object, **kwargs: object) -> None:
            bump_calls_version()

        # Cached lists, feeds and the matcher's profiles follow every change of a call.
        for signal in (post_save, post_delete):
            signal.connect(
                changed, sender=Call, weak=False, dispatch_uid=f"funding-version-{id(signal)}"
            )
        # A programme's name and how directly cities can apply are part of each profile.
        post_save.connect(
            changed, sender=Programme, weak=False, dispatch_uid="funding-version-programme"
        )

        def topics_changed(
            sender: object,
            instance: object,
            action: str,
            reverse: bool,
            pk_set: set[int] | None,
            **kwargs: object,
        ) -> None:
            if not action.startswith("post_"):
                return
            # The topics are part of the call: a new ``updated_at`` makes the version of
            # the calls (and the matcher's profiles) change with them.
            ids: set[int] = (pk_set or set()) if reverse else {getattr(instance, "pk", 0)}
            Call.objects.filter(pk__in=ids).update(updated_at=timezone.now())
            bump_calls_version()

        m2m_changed.connect(
            topics_changed,
            sender=Call.topics.through,
            weak=False,
            dispatch_uid="funding-version-topics",
        )
        calls_bulk_changed.connect(changed, weak=False, dispatch_uid="funding-version-bulk")
