from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "metroagora.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from metroagora.core.backups import database_restored
        from metroagora.search import indexing

        indexing.connect_signals()
        # A restored database brings no search index with it (SQLite's FTS tables are
        # emptied like the others): build it again.
        database_restored.connect(
            lambda **_: indexing.rebuild(), weak=False, dispatch_uid="search-rebuild-after-restore"
        )
