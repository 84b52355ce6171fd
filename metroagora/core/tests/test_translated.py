from django.utils import translation

from metroagora.core.translated import TranslatedText, TranslatedTextFormField


def test_it_shows_the_active_language():
    text = TranslatedText({"it": "Milano", "en": "Milan"}, "it")
    with translation.override("en"):
        assert str(text) == "Milan"
        assert not text.is_fallback


def test_it_falls_back_to_the_original_language():
    text = TranslatedText({"it": "Milano", "en": "Milan"}, "it")
    with translation.override("pl"):
        assert text.resolve() == ("Milano", "it")
        assert text.is_fallback


def test_it_drops_blank_values_and_fixes_a_missing_original():
    text = TranslatedText({"fr": "  ", "de": "Hallo"}, "fr")
    assert text.languages() == ["de"]
    assert text.original == "de"


def test_it_round_trips_through_json():
    text = TranslatedText({"pl": "Warszawa", "en": "Warsaw"}, "pl")
    assert TranslatedText.from_json(text.to_json()) == text


def test_it_reads_a_plain_string_as_the_default_language():
    assert TranslatedText.from_json("Hello").get("en") == "Hello"


def test_it_requires_text_in_the_original_language():
    field = TranslatedTextFormField()
    errors = []
    try:
        field.clean(["Hello", "", "", "", "", "", "fr"])
    except Exception as error:  # noqa: BLE001
        errors.append(error)
    assert errors


def test_it_builds_a_value_from_the_form_inputs():
    field = TranslatedTextFormField()
    value = field.clean(["Hello", "Bonjour", "", "", "", "", "fr"])
    assert value.original == "fr"
    assert value.get("en") == "Hello"


def test_merged_sets_one_language_and_keeps_the_others():
    text = TranslatedText({"fr": "Bonjour", "en": "Hello"}, "fr")
    merged = text.merged("de", "  Hallo ")
    assert merged.get("de") == "Hallo"
    assert merged.get("fr") == "Bonjour"
    assert merged.original == "fr"


def test_merged_removes_a_language_left_blank_and_moves_the_original():
    text = TranslatedText({"fr": "Bonjour", "en": "Hello"}, "fr")
    merged = text.merged("fr", "   ")
    assert merged.languages() == ["en"]
    assert merged.original == "en"
    assert TranslatedText().merged("pl", "Dzień dobry").original == "pl"
