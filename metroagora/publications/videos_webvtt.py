"""WebVTT captions: parse and validate a file, following the essentials of the W3C spec.

Pure Python, no Django: ``parse(data)`` takes the file's bytes (or text) and returns
a :class:`Result` with the cues (start and end in seconds, the text with its tags
stripped for a transcript) and every problem found, each with its line number and a
stable ``code``; the form turns codes into translated messages.

What is checked (https://www.w3.org/TR/webvtt1/, authoring rules):

- the file is UTF-8 and under a size limit;
- the first line is ``WEBVTT`` (after an optional byte order mark), alone or followed
  by a space or a tab and any text, and the header ends with an empty line;
- blocks are separated by empty lines: NOTE comments (anywhere), STYLE and REGION
  blocks (only before the first cue), and cues;
- a cue is an optional identifier (unique), a timing line
  ``[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt`` with optional settings, and its text;
  minutes and seconds have two digits and are under 60, milliseconds have three
  digits, hours (optional) have two or more;
- the end of a cue comes after its start; cues come in order of start time;
- settings are the known ones (vertical, line, position, size, align, region), each
  once, with a valid value;
- the text of a cue and the content of other blocks never contain ``-->``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

MAX_BYTES = 1024 * 1024
MAX_ERRORS = 50
ARROW = "-->"

# Stable error codes (the form maps each to a translated message).
ENCODING = "encoding"
TOO_LARGE = "too_large"
EMPTY = "empty"
SIGNATURE = "signature"
HEADER_NOT_ENDED = "header_not_ended"
BAD_TIMING = "bad_timing"
BAD_TIMESTAMP = "bad_timestamp"
END_NOT_AFTER_START = "end_not_after_start"
OUT_OF_ORDER = "out_of_order"
BAD_SETTING = "bad_setting"
DUPLICATE_SETTING = "duplicate_setting"
MISSING_TIMING = "missing_timing"
ARROW_IN_TEXT = "arrow_in_text"
BLOCK_AFTER_CUE = "block_after_cue"
DUPLICATE_ID = "duplicate_id"
NO_CUES = "no_cues"
TOO_MANY_ERRORS = "too_many_errors"

TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})$")
# Timing line: two timestamps around "-->", with spaces or tabs, then settings.
TIMING = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$")
PERCENTAGE = re.compile(r"^\d+(?:\.\d+)?%$")
LINE_NUMBER = re.compile(r"^-?\d+$")
TAG = re.compile(r"<[^>]*>")
VOICE = re.compile(r"<v(?:\.[^ \t>]*)?[ \t]+([^>]+)>")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # tags stripped, entities decoded, one line per line of the cue
    identifier: str = ""
    voice: str = ""  # the first <v Speaker> of the cue, if any
    line: int = 0  # line number of the timing line


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based; 0 for the whole file
    code: str
    detail: str = ""  # the offending text, when it helps (a timestamp, a setting)


@dataclass
class Result:
    cues: list[Cue] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


class _Errors:
    def __init__(self, result: Result, limit: int) -> None:
        self.result = result
        self.limit = limit

    def add(self, line: int, code: str, detail: str = "") -> None:
        errors = self.result.errors
        if len(errors) < self.limit:
            errors.append(Problem(line, code, detail[:80]))
        elif len(errors) == self.limit:
            errors.append(Problem(line, TOO_MANY_ERRORS))


def parse_timestamp(text: str) -> float | None:
    """Seconds for ``[hh:]mm:ss.ttt``; None when the shape or a value is wrong."""
    match = TIMESTAMP.match(text)
    if not match:
        return None
    hours, minutes, seconds, millis = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def format_timestamp(seconds: float, *, always_hours: bool = False) -> str:
    """``mm:ss`` or ``h:mm:ss`` for a transcript (whole seconds)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours or always_hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def plain_text(payload: str) -> str:
    """The text of a cue for a transcript: tags removed, character references decoded."""
    lines = []
    for line in payload.split("\n"):
        text = html.unescape(TAG.sub("", line))
        text = " ".join(text.replace("\u200e", "").replace("\u200f", "").split())
        if text:
            lines.append(text)
    return "\n".join(lines)


def _percentage(value: str) -> bool:
    return bool(PERCENTAGE.match(value)) and float(value[:-1]) <= 100


def _valid_setting(name: str, value: str) -> bool:
    if name == "vertical":
        return value in ("rl", "lr")
    if name == "line":
        number, _comma, align = value.partition(",")
        if _comma and align not in ("start", "center", "end"):
            return False
        return bool(LINE_NUMBER.match(number)) or _percentage(number)
    if name == "position":
        number, _comma, align = value.partition(",")
        if _comma and align not in ("line-left", "center", "line-right"):
            return False
        return _percentage(number)
    if name == "size":
        return _percentage(value)
    if name == "align":
        return value in ("start", "center", "end", "left", "right")
    if name == "region":
        return bool(value) and ARROW not in value
    return False


def _check_settings(text: str, line: int, errors: _Errors) -> None:
    seen: set[str] = set()
    for setting in text.split():
        name, colon, value = setting.partition(":")
        if not colon or not _valid_setting(name, value):
            errors.add(line, BAD_SETTING, setting)
        elif name in seen:
            errors.add(line, DUPLICATE_SETTING, name)
        seen.add(name)


def _blocks(lines: list[str], first: int) -> list[tuple[int, list[str]]]:
    """Groups of non-empty lines from index ``first``, with the 1-based line number of each."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for index in range(first, len(lines)):
        line = lines[index]
        if line.strip() == "":
            if current:
                blocks.append((start, current))
                current = []
            continue
        if not current:
            start = index + 1
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def _block_keyword(first_line: str) -> str:
    for keyword in ("NOTE", "STYLE", "REGION"):
        if first_line == keyword or (
            first_line.startswith(keyword) and first_line[len(keyword)] in " \t"
        ):
            return keyword
    return ""


def parse(
    data: bytes | str,
    *,
    max_bytes: int = MAX_BYTES,
    require_cues: bool = True,
    max_errors: int = MAX_ERRORS,
) -> Result:
    """Parse and validate a WebVTT file; see the module's docstring for what is checked."""
    result = Result()
    errors = _Errors(result, max_errors)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        errors.add(0, TOO_LARGE, str(max_bytes))
        return result
    if not raw.strip():
        errors.add(0, EMPTY)
        return result
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        errors.add(line, ENCODING)
        return result
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        errors.add(text[: text.index("\x00")].count("\n") + 1, ENCODING)
        return result
    lines = LINE_BREAK.split(text)

    signature = lines[0]
    if not (signature == "WEBVTT" or (signature.startswith("WEBVTT") and signature[6] in " \t")):
        errors.add(1, SIGNATURE, signature)
        return result
    # The header: the signature line and any lines up to the first empty line.
    index = 1
    while index < len(lines) and lines[index].strip() != "":
        if ARROW in lines[index]:
            errors.add(index + 1, HEADER_NOT_ENDED)
            break
        index += 1

    identifiers: set[str] = set()
    previous_start = 0.0
    for start_line, block in _blocks(lines, index):
        keyword = _block_keyword(block[0])
        timing_at = next((n for n, line in enumerate(block) if ARROW in line), None)
        if keyword and timing_at is None:
            if keyword in ("STYLE", "REGION") and result.cues:
                errors.add(start_line, BLOCK_AFTER_CUE, keyword)
            continue
        if keyword == "NOTE":
            errors.add(start_line + (timing_at or 0), ARROW_IN_TEXT)
            continue
        if timing_at is None:
            errors.add(start_line, MISSING_TIMING, block[0])
            continue
        if timing_at > 1:
            # Only one line (the identifier) may come before the timing line.
            errors.add(start_line, MISSING_TIMING, block[0])
            continue
        identifier = block[0].strip() if timing_at == 1 else ""
        timing_line_number = start_line + timing_at
        if identifier:
            if identifier in identifiers:
                errors.add(start_line, DUPLICATE_ID, identifier)
            identifiers.add(identifier)
        cue = _parse_cue(block[timing_at], block[timing_at + 1 :], timing_line_number, errors)
        if cue is None:
            continue
        if cue.start < previous_start:
            errors.add(timing_line_number, OUT_OF_ORDER, block[timing_at].split()[0])
        previous_start = max(previous_start, cue.start)
        result.cues.append(
            Cue(cue.start, cue.end, cue.text, identifier, cue.voice, timing_line_number)
        )

    if require_cues and not result.cues and not result.errors:
        errors.add(0, NO_CUES)
    return result


def _parse_cue(timing: str, payload: list[str], line: int, errors: _Errors) -> Cue | None:
    match = TIMING.match(timing.strip())
    if not match:
        errors.add(line, BAD_TIMING, timing.strip())
        return None
    start_text, end_text, settings = match.groups()
    start = parse_timestamp(start_text)
    end = parse_timestamp(end_text)
    if start is None:
        errors.add(line, BAD_TIMESTAMP, start_text)
    if end is None:
        errors.add(line, BAD_TIMESTAMP, end_text)
    if settings:
        _check_settings(settings, line, errors)
    for offset, text in enumerate(payload, start=1):
        if ARROW in text:
            errors.add(line + offset, ARROW_IN_TEXT)
    if start is None or end is None:
        return None
    if end <= start:
        errors.add(line, END_NOT_AFTER_START, f"{start_text} --> {end_text}")
    body = "\n".join(payload)
    voice = VOICE.search(body)
    return Cue(
        start,
        end,
        plain_text(body),
        voice=html.unescape(voice.group(1).strip()) if voice else "",
        line=line,
    )
