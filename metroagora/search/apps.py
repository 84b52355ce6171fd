from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "metroagora.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from metroagora.search import indexing

        indexing.connect_signals()
