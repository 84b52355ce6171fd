from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "metroagora.decisions"
    verbose_name = _("Local decisions")
