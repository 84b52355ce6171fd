"""The WebVTT parser and validator (pure: no database, no Django)."""

import pytest

from metroagora.publications import videos_webvtt as vtt

GOOD = """WEBVTT

NOTE This file was made by hand.

STYLE
::cue { color: yellow; }

REGION
id:fred width:40% lines:3

intro
00:00:01.000 --> 00:00:04.000 align:start position:10%,line-left line:0
<v.loud Anna Rossi>Hello &amp; <b>welcome</b>
<i>to the forum</i>

00:04.000 --> 00:07.500
Second cue, without hours

01:00:00.000 --> 01:00:01.000 size:50% vertical:rl region:fred
An hour in
"""


def codes(result: vtt.Result) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in result.errors]


def test_it_parses_cues_with_settings_notes_style_and_regions():
    result = vtt.parse(GOOD)
    assert result.is_valid, result.errors
    assert [(c.start, c.end) for c in result.cues] == [(1.0, 4.0), (4.0, 7.5), (3600.0, 3601.0)]
    first = result.cues[0]
    assert first.identifier == "intro"
    assert first.text == "Hello & welcome\nto the forum"
    assert first.voice == "Anna Rossi"
    assert first.line == 12
    assert result.cues[1].identifier == ""


@pytest.mark.parametrize(
    "signature",
    ["WEBVTT", "WEBVTT - captions in English", "WEBVTT\tKind", "\ufeffWEBVTT"],
)
def test_it_accepts_the_signature_alone_or_followed_by_a_space_or_tab(signature):
    result = vtt.parse(f"{signature}\n\n00:01.000 --> 00:02.000\nHi\n")
    assert result.is_valid, result.errors


def test_it_accepts_a_byte_order_mark_in_bytes():
    result = vtt.parse(b"\xef\xbb\xbfWEBVTT\n\n00:01.000 --> 00:02.000\nHi\n")
    assert result.is_valid


@pytest.mark.parametrize("line_break", ["\r\n", "\r", "\n"])
def test_it_accepts_every_line_terminator(line_break):
    text = line_break.join(["WEBVTT", "", "00:01.000 --> 00:02.000", "Hi", "there", ""])
    result = vtt.parse(text)
    assert result.is_valid
    assert result.cues[0].text == "Hi\nthere"


def test_it_tolerates_header_lines_that_tools_still_write():
    result = vtt.parse("WEBVTT\nKind: captions\nLanguage: en\n\n00:01.000 --> 00:02.000\nHi\n")
    assert result.is_valid


@pytest.mark.parametrize(
    "first_line", ["WEBVT", "webvtt", "WEBVTTX", "1", "", " WEBVTT", "00:01.000 --> 00:02.000"]
)
def test_it_requires_the_webvtt_signature(first_line):
    result = vtt.parse(f"{first_line}\n\n00:01.000 --> 00:02.000\nHi\n")
    assert codes(result) == [(1, vtt.SIGNATURE)]
    assert result.cues == []


def test_it_rejects_an_srt_file():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"
    assert codes(vtt.parse(srt)) == [(1, vtt.SIGNATURE)]


def test_it_asks_for_an_empty_line_after_the_header():
    result = vtt.parse("WEBVTT\n00:01.000 --> 00:02.000\nHi\n")
    assert (2, vtt.HEADER_NOT_ENDED) in codes(result)


@pytest.mark.parametrize(
    "timestamp",
    [
        "00:60.000",  # seconds over 59
        "60:00.000",  # minutes over 59
        "1:00.000",  # one-digit minutes
        "00:1.000",  # one-digit seconds
        "00:01.00",  # two-digit milliseconds
        "00:01.0000",  # four-digit milliseconds
        "00:01,000",  # SRT's comma
        "1:00:01.000",  # one-digit hours
        "00:00:01",  # no milliseconds
        "-00:01.000",
        "aa:bb.ccc",
    ],
)
def test_it_rejects_bad_timestamps_with_their_line(timestamp):
    result = vtt.parse(f"WEBVTT\n\n00:00.500 --> 00:00.900\nok\n\n{timestamp} --> 00:59.000\nx\n")
    assert codes(result) == [(6, vtt.BAD_TIMESTAMP)]
    assert result.errors[0].detail == timestamp
    assert len(result.cues) == 1


def test_it_accepts_hours_with_more_than_two_digits():
    result = vtt.parse("WEBVTT\n\n100:00:00.000 --> 100:00:01.000\nlong\n")
    assert result.is_valid
    assert result.cues[0].start == 360000.0


@pytest.mark.parametrize(
    "timing",
    [
        "00:01.000 -> 00:02.000",
        "00:01.000-->00:02.000",
        "00:01.000 --> ",
        "--> 00:02.000",
        "00:01.000 --> 00:02.000-->",
    ],
)
def test_it_rejects_malformed_timing_lines(timing):
    result = vtt.parse(f"WEBVTT\n\n{timing}\nx\n")
    assert result.errors[0].code in (vtt.BAD_TIMING, vtt.BAD_TIMESTAMP, vtt.MISSING_TIMING)
    assert result.errors[0].line == 3


@pytest.mark.parametrize("timing", ["00:05.000 --> 00:03.000", "00:05.000 --> 00:05.000"])
def test_it_wants_the_end_after_the_start(timing):
    result = vtt.parse(f"WEBVTT\n\n{timing}\nx\n")
    assert codes(result) == [(3, vtt.END_NOT_AFTER_START)]


def test_it_wants_cues_in_order_of_start_time():
    text = (
        "WEBVTT\n\n"
        "00:05.000 --> 00:06.000\nb\n\n"
        "00:05.000 --> 00:07.000\nsame start is fine\n\n"
        "00:01.000 --> 00:02.000\nearlier\n"
    )
    result = vtt.parse(text)
    assert codes(result) == [(9, vtt.OUT_OF_ORDER)]
    assert result.errors[0].detail == "00:01.000"


def test_it_allows_overlapping_cues():
    text = "WEBVTT\n\n00:01.000 --> 00:05.000\na\n\n00:02.000 --> 00:03.000\nb\n"
    assert vtt.parse(text).is_valid


@pytest.mark.parametrize(
    "cue_settings",
    [
        "align:start",
        "align:center",
        "align:left",
        "line:0",
        "line:-1",
        "line:50%",
        "line:10%,end",
        "position:25.5%",
        "position:0%,line-right",
        "size:100%",
        "vertical:lr",
        "region:fred",
        "align:end   size:80%",
    ],
)
def test_it_accepts_known_settings(cue_settings):
    assert vtt.parse(f"WEBVTT\n\n00:01.000 --> 00:02.000 {cue_settings}\nx\n").is_valid


@pytest.mark.parametrize(
    "setting",
    [
        "align:middle",
        "line:abc",
        "line:10%,middle",
        "position:120%",
        "position:50",
        "size:101%",
        "vertical:up",
        "colour:red",
        "align",
        "region:",
    ],
)
def test_it_rejects_unknown_or_invalid_settings(setting):
    result = vtt.parse(f"WEBVTT\n\n00:01.000 --> 00:02.000 {setting}\nx\n")
    assert codes(result) == [(3, vtt.BAD_SETTING)]
    assert result.errors[0].detail == setting


def test_it_rejects_a_setting_given_twice():
    result = vtt.parse("WEBVTT\n\n00:01.000 --> 00:02.000 align:start align:end\nx\n")
    assert codes(result) == [(3, vtt.DUPLICATE_SETTING)]


def test_it_reports_a_block_without_timing():
    result = vtt.parse("WEBVTT\n\nJust some words\n\n00:01.000 --> 00:02.000\nx\n")
    assert codes(result) == [(3, vtt.MISSING_TIMING)]
    assert len(result.cues) == 1


def test_only_one_identifier_line_may_come_before_the_timing():
    result = vtt.parse("WEBVTT\n\nname\nmore\n00:01.000 --> 00:02.000\nx\n")
    assert codes(result) == [(3, vtt.MISSING_TIMING)]


def test_it_rejects_an_arrow_in_the_text_of_a_cue_or_a_note():
    text = "WEBVTT\n\nNOTE a --> b\n\n00:01.000 --> 00:02.000\nfirst\n00:03.000 --> 00:04.000\n"
    assert codes(vtt.parse(text)) == [(3, vtt.ARROW_IN_TEXT), (7, vtt.ARROW_IN_TEXT)]


def test_it_allows_notes_between_cues_but_not_style_or_region():
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\n"
        "NOTE fine here\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "REGION\nid:r\n"
    )
    result = vtt.parse(text)
    assert codes(result) == [(8, vtt.BLOCK_AFTER_CUE), (11, vtt.BLOCK_AFTER_CUE)]
    assert [p.detail for p in result.errors] == ["STYLE", "REGION"]


def test_it_wants_unique_cue_identifiers():
    text = "WEBVTT\n\na\n00:01.000 --> 00:02.000\nx\n\na\n00:03.000 --> 00:04.000\ny\n"
    assert codes(vtt.parse(text)) == [(7, vtt.DUPLICATE_ID)]


def test_it_collects_every_problem_with_its_line():
    text = (
        "WEBVTT\n\n"
        "00:01.000 --> 00:00.500\na\n\n"  # line 3
        "00:99.000 --> 00:02.000\nb\n\n"  # line 6
        "00:03.000 --> 00:04.000 align:nowhere\nc\n"  # line 9
    )
    assert codes(vtt.parse(text)) == [
        (3, vtt.END_NOT_AFTER_START),
        (6, vtt.BAD_TIMESTAMP),
        (9, vtt.BAD_SETTING),
    ]


def test_it_caps_the_number_of_problems():
    cues = "".join("00:0x.000 --> 00:02.000\nx\n\n" for _n in range(80))
    result = vtt.parse(f"WEBVTT\n\n{cues}", max_errors=10)
    assert len(result.errors) == 11
    assert result.errors[-1].code == vtt.TOO_MANY_ERRORS


def test_it_refuses_files_over_the_size_limit():
    result = vtt.parse("WEBVTT\n\n" + "x" * 200, max_bytes=100)
    assert codes(result) == [(0, vtt.TOO_LARGE)]


def test_it_refuses_other_encodings_with_the_line():
    data = "WEBVTT\n\n00:01.000 --> 00:02.000\nCaf\xe9\n".encode("latin-1")
    assert codes(vtt.parse(data)) == [(4, vtt.ENCODING)]


def test_it_refuses_binary_content():
    assert vtt.parse(b"WEBVTT\n\n\x00\x01\x02").errors[0].code == vtt.ENCODING


@pytest.mark.parametrize("data", [b"", b"   \n\n", ""])
def test_it_reports_an_empty_file(data):
    assert codes(vtt.parse(data)) == [(0, vtt.EMPTY)]


def test_it_wants_at_least_one_cue_unless_told_otherwise():
    assert codes(vtt.parse("WEBVTT\n\nNOTE nothing yet\n")) == [(0, vtt.NO_CUES)]
    assert vtt.parse("WEBVTT\n", require_cues=False).is_valid


def test_it_strips_tags_and_decodes_references_for_the_transcript():
    payload = (
        "<c.yellow.bg_blue>Caf&eacute;</c> <00:00:01.500><u>au</u> &lt;lait&gt; &lrm;"
        "\n   <ruby>漢<rt>kan</rt></ruby>  "
    )
    assert vtt.plain_text(payload) == "Café au <lait>\n漢kan"


def test_it_keeps_the_first_voice_of_a_cue():
    result = vtt.parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana &amp; Bo>Hi</v>\n")
    assert result.cues[0].voice == "Ana & Bo"
    assert result.cues[0].text == "Hi"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:00.000", 0.0),
        ("01:02.003", 62.003),
        ("10:00:00.500", 36000.5),
        ("00:59:59.999", 3599.999),
    ],
)
def test_it_converts_timestamps_to_seconds(text, seconds):
    assert vtt.parse_timestamp(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "00:00"), (75.9, "01:15"), (3725, "1:02:05"), (36000, "10:00:00")]
)
def test_it_formats_transcript_times(seconds, text):
    assert vtt.format_timestamp(seconds) == text
