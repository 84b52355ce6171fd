"""The 24 official languages of the EU, for what people speak (not the UI languages)."""

from django.utils.translation import gettext_lazy as _

EU_LANGUAGE_NAMES = {
    "bg": _("Bulgarian"),
    "cs": _("Czech"),
    "da": _("Danish"),
    "de": _("German"),
    "el": _("Greek"),
    "en": _("English"),
    "es": _("Spanish"),
    "et": _("Estonian"),
    "fi": _("Finnish"),
    "fr": _("French"),
    "ga": _("Irish"),
    "hr": _("Croatian"),
    "hu": _("Hungarian"),
    "it": _("Italian"),
    "lt": _("Lithuanian"),
    "lv": _("Latvian"),
    "mt": _("Maltese"),
    "nl": _("Dutch"),
    "pl": _("Polish"),
    "pt": _("Portuguese"),
    "ro": _("Romanian"),
    "sk": _("Slovak"),
    "sl": _("Slovenian"),
    "sv": _("Swedish"),
}
EU_LANGUAGES = list(EU_LANGUAGE_NAMES)


def eu_language_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(name)) for code, name in EU_LANGUAGE_NAMES.items()), key=lambda c: c[1]
    )


def language_name(code: str) -> str:
    return str(EU_LANGUAGE_NAMES.get(code, code))
