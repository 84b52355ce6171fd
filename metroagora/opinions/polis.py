"""Pol.is exports: read one (checked line by line), write one from an opinion map.

An export is a directory (or a .zip of one) with the files Pol.is writes:

- ``comments.csv``: timestamp, datetime, comment-id, author-id, agrees, disagrees,
  moderated (1 shown, 0 not moderated yet, -1 moderated out), comment-body;
- ``votes.csv``: timestamp, datetime, comment-id, voter-id, vote (1 agree, -1
  disagree, 0 pass), one row per vote cast, so a person's earlier votes on a comment
  are there too: the latest by timestamp counts;
- ``participants-votes.csv`` (optional): participant, group-id, n-comments, n-votes,
  n-agree, n-disagree, then one column per comment-id with 1, -1, 0 or blank;
- ``summary.csv`` (optional): ``key,value`` lines (topic, url, voters, comments,
  groups, conversation-description...), no header.

What real exports look like (the openData repository of the Computational Democracy
Project and Pol.is's own export code): ``votes.csv`` is sorted by comment and voter,
not by time; timestamps are in milliseconds in older exports and in seconds in newer
ones; the datetime column is free text (``Wed Jun 18 08:16:54 WIB 2014``, ``Tue Nov
14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)``) and is not read; newer
``votes.csv`` files may carry an extra ``important`` column; comment bodies may span
several lines (quoted) and be longer than a MetroAgora statement. Files may also be
named ``<something>-votes.csv`` and so on.

:func:`read_export` is pure (no database): it parses and checks everything and
raises :class:`PolisFormatError` naming the file and the line of the first problem.
A ``votes.csv`` of the usual shape (no quotes, ASCII) is parsed with numpy in a
fraction of a second for millions of rows; anything else goes through the csv
module, row by row, which is also what finds and words the errors.
:func:`write_export` writes the four files for any map, from the database.

Officials open these files in spreadsheets: a text (comment body, topic, description)
that a spreadsheet would run as a formula (``=...``, ``+...``, ``-...``, ``@...``) is
written with a leading ``'`` (``core.spreadsheets.safe_cell``; numbers such as the
``moderated`` -1 stay numbers), and reading takes that ``'`` off again
(``restore_cell``), so that exporting and importing gives back the same texts.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
from django.utils.translation import gettext as _

from metroagora.core.spreadsheets import csv_writer, restore_cell
from metroagora.opinions import analysis

if TYPE_CHECKING:
    from metroagora.opinions.models import OpinionMap

COMMENTS = "comments.csv"
VOTES = "votes.csv"
PARTICIPANTS_VOTES = "participants-votes.csv"
SUMMARY = "summary.csv"

COMMENT_COLUMNS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANT_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")

MAX_COMMENT_ID = 2**31 - 1  # Statement.polis_id is a 32-bit integer
MAX_NUMBER = 10**18 - 1  # voter ids and timestamps: 64-bit, 18 digits at most
MILLISECONDS_FROM = 10**11  # timestamps above this are milliseconds (year 5138 in s)
_CHUNK = 16 * 1024 * 1024
_SHOWN = 40  # characters of a bad value quoted in a message

ProgressCallback = Callable[[str, int, int], None]  # (step, done, total)


class PolisFormatError(ValueError):
    """A problem in an export: the file, the line (1 = header; None: the whole file).

    ``str(error)`` is the whole message, "votes.csv, line 12: ..."; ``detail`` is the
    part after the line.
    """

    def __init__(self, file: str, line: int | None, detail: str) -> None:
        super().__init__(file, line, detail)
        self.file = file
        self.line = line
        self.detail = detail

    def __str__(self) -> str:
        if self.line is None:
            return _("%(file)s: %(detail)s") % {"file": self.file, "detail": self.detail}
        return _("%(file)s, line %(line)s: %(detail)s") % {
            "file": self.file,
            "line": self.line,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class PolisComment:
    id: int
    line: int  # in comments.csv
    timestamp: int | None
    author_id: int | None
    agrees: int
    disagrees: int
    moderated: int  # 1 shown, 0 not moderated, -1 moderated out
    body: str


@dataclass
class LatestVotes:
    """One row per voter and comment: the latest vote, and when the first and last came."""

    voter_ids: np.ndarray
    comment_ids: np.ndarray
    votes: np.ndarray
    first_timestamps: np.ndarray
    last_timestamps: np.ndarray

    def __len__(self) -> int:
        return len(self.votes)


@dataclass
class PolisConversation:
    """A checked export. Vote arrays are in time order (file order among equal times)."""

    source: str
    comments: list[PolisComment]  # by comment-id
    timestamps: np.ndarray  # int64, as written (seconds or milliseconds)
    comment_ids: np.ndarray  # int64
    voter_ids: np.ndarray  # int64
    votes: np.ndarray  # int8: 1, 0, -1
    lines: np.ndarray  # int64: the line of each vote in votes.csv
    files: dict[str, str] = field(default_factory=dict)  # role -> file name as found
    groups: dict[int, int | None] | None = None  # participants-votes.csv group-id
    summary: dict[str, str] = field(default_factory=dict)

    @property
    def n_votes(self) -> int:
        return len(self.votes)

    def voters(self) -> np.ndarray:
        """Everyone who voted, by voter-id."""
        return np.unique(self.voter_ids)

    def comment_status(self) -> dict[int, str]:
        """What each comment becomes in a map: "visible", "pending" or "rejected".

        Moderated-out comments are rejected (their votes count in the totals, not in
        the map). A comment not moderated yet (0) that people voted on was shown to
        them, as Pol.is does without strict moderation: it is visible; without votes
        it waits for a moderator.
        """
        voted = set(np.unique(self.comment_ids).tolist())
        status = {}
        for comment in self.comments:
            if comment.moderated < 0:
                status[comment.id] = "rejected"
            elif comment.moderated > 0 or comment.id in voted:
                status[comment.id] = "visible"
            else:
                status[comment.id] = "pending"
        return status

    def analysis_input(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int], list[int]]:
        """(voter ids, comment ids, votes, statements, excluded) for :func:`analysis.analyse`.

        The same input the map gets after an import (pending statements are left out,
        rejected ones excluded), so the command and the import find the same groups.
        """
        status = self.comment_status()
        statements = sorted(cid for cid, s in status.items() if s != "pending")
        excluded = sorted(cid for cid, s in status.items() if s == "rejected")
        return self.voter_ids, self.comment_ids, self.votes, statements, excluded

    def analyse(self, state: analysis.State | None = None) -> analysis.Result:
        voters, comments, votes, statements, excluded = self.analysis_input()
        return analysis.analyse(
            voters, comments, votes, statements=statements or None, excluded=excluded, state=state
        )

    def latest(self) -> LatestVotes:
        """The latest vote of each voter on each comment (what a map keeps)."""
        if not self.n_votes:
            empty = np.zeros(0, dtype=np.int64)
            return LatestVotes(empty, empty, empty.astype(np.int8), empty, empty)
        _people, rows = np.unique(self.voter_ids, return_inverse=True)
        comment_list, cols = np.unique(self.comment_ids, return_inverse=True)
        key = rows.astype(np.int64) * len(comment_list) + cols
        _u, first = np.unique(key, return_index=True)
        _u, last_from_end = np.unique(key[::-1], return_index=True)
        last = len(key) - 1 - last_from_end
        return LatestVotes(
            voter_ids=self.voter_ids[last],
            comment_ids=self.comment_ids[last],
            votes=self.votes[last],
            first_timestamps=self.timestamps[first],
            last_timestamps=self.timestamps[last],
        )


def to_datetimes(timestamps: np.ndarray | list[int]) -> list[datetime]:
    """Pol.is timestamps (seconds, or milliseconds in older exports) as aware datetimes."""
    values = np.asarray(timestamps, dtype=np.int64)
    if values.size and values.max() >= MILLISECONDS_FROM:
        seconds = values / 1000.0
    else:
        seconds = values.astype(np.float64)
    return [datetime.fromtimestamp(s, tz=UTC) for s in seconds.tolist()]


# --- Reading -----------------------------------------------------------------------------


class _Source:
    """The files of an export: a directory, or a .zip with them at the top or in a folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self._names: dict[str, str] = {}  # file name -> path in the directory or zip
        if self.path.is_dir():
            for child in sorted(self.path.iterdir()):
                if child.is_file():
                    self._names[child.name] = str(child)
        elif self.path.is_file() and zipfile.is_zipfile(self.path):
            self._zip = zipfile.ZipFile(self.path)
            for member in sorted(self._zip.namelist(), key=lambda n: (n.count("/"), n)):
                name = member.rsplit("/", 1)[-1]
                if name and name not in self._names:
                    self._names[name] = member
        elif self.path.exists():
            raise PolisFormatError(
                self.path.name, None, _("This is neither a directory nor a .zip file.")
            )
        else:
            raise PolisFormatError(str(self.path), None, _("There is no such directory."))

    def find(self, role: str) -> str | None:
        """``votes.csv``, or a single ``<prefix>-votes.csv`` (never participants-votes.csv)."""
        if role in self._names:
            return role
        others = {PARTICIPANTS_VOTES} if role == VOTES else set()
        matches = [
            name
            for name in self._names
            if name.endswith("-" + role)
            and not any(name == o or name.endswith("-" + o) for o in others)
        ]
        return matches[0] if len(matches) == 1 else None

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(self._names[name])
        return Path(self._names[name]).read_bytes()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def read_export(directory: str | Path, *, participants_votes: bool = True) -> PolisConversation:
    """Parse and check an export (a directory or a .zip); no database involved.

    Raises :class:`PolisFormatError` for the first problem found. With
    ``participants_votes=False`` that file is not read (it only carries Pol.is's
    groups; the votes come from ``votes.csv``).
    """
    source = _Source(directory)
    try:
        comments_name = source.find(COMMENTS)
        votes_name = source.find(VOTES)
        for role, name in ((COMMENTS, comments_name), (VOTES, votes_name)):
            if name is None:
                raise PolisFormatError(role, None, _("The export has no such file."))
        assert comments_name is not None and votes_name is not None
        comments = _read_comments(comments_name, source.read(comments_name))
        timestamps, comment_ids, voter_ids, votes, lines = _read_votes(
            votes_name, source.read(votes_name)
        )
        _check_votes(votes_name, comments_name, comments, timestamps, comment_ids, voter_ids, lines)
        order = np.argsort(timestamps, kind="stable")  # rows are in line order
        files = {COMMENTS: comments_name, VOTES: votes_name}
        groups = None
        participants_name = source.find(PARTICIPANTS_VOTES)
        if participants_name is not None and participants_votes:
            groups = _read_participants_votes(
                participants_name, source.read(participants_name), comments, comments_name
            )
            files[PARTICIPANTS_VOTES] = participants_name
        summary: dict[str, str] = {}
        summary_name = source.find(SUMMARY)
        if summary_name is not None:
            summary = _read_summary(summary_name, source.read(summary_name))
            files[SUMMARY] = summary_name
    finally:
        source.close()
    return PolisConversation(
        source=str(directory),
        comments=sorted(comments.values(), key=lambda c: c.id),
        timestamps=timestamps[order],
        comment_ids=comment_ids[order],
        voter_ids=voter_ids[order],
        votes=votes[order],
        lines=lines[order],
        files=files,
        groups=groups,
        summary=summary,
    )


def read_summary(directory: str | Path) -> dict[str, str]:
    """Only summary.csv of an export (empty without one)."""
    source = _Source(directory)
    try:
        name = source.find(SUMMARY)
        return _read_summary(name, source.read(name)) if name else {}
    finally:
        source.close()


def _shown(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"


def _decode(file: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte order mark (Excel) is fine
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PolisFormatError(
            file, line, _("This is not UTF-8 text: save the file as UTF-8 and try again.")
        ) from None


class _Table:
    """Rows of a CSV file with a header, with the line where each row starts."""

    def __init__(self, file: str, data: bytes, required: tuple[str, ...]) -> None:
        self.file = file
        text = _decode(file, data)
        if not text.strip():
            raise PolisFormatError(
                file,
                1,
                _("The file is empty: it should start with the header %(header)s.")
                % {"header": ",".join(required)},
            )
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        first = self._next()
        assert first is not None
        _line, header = first
        self.header = [name.strip() for name in header]
        missing = [name for name in required if name not in self.header]
        if missing:
            raise PolisFormatError(
                file,
                1,
                _("Missing columns: %(columns)s (the header is %(header)s).")
                % {"columns": ", ".join(missing), "header": _shown(",".join(self.header))},
            )
        self.index = {name: self.header.index(name) for name in required}

    def _next(self) -> tuple[int, list[str]] | None:
        start = self._reader.line_num + 1
        try:
            row = next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            raise PolisFormatError(
                self.file,
                start,
                _(
                    "Broken quoting (%(detail)s): a field with a comma, a quote or a line "
                    "break must be in double quotes, and a quote inside it doubled."
                )
                % {"detail": error},
            ) from None
        return start, row

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        while (item := self._next()) is not None:
            line, row = item
            if not row:
                continue  # a blank line
            if len(row) != len(self.header):
                raise PolisFormatError(
                    self.file,
                    line,
                    _("Expected %(expected)s fields like the header, found %(found)s.")
                    % {"expected": len(self.header), "found": len(row)},
                )
            yield line, row


def _whole(
    file: str, line: int, column: str, value: str, *, limit: int = MAX_NUMBER, blank: Any = ...
) -> Any:
    text = value.strip()
    if not text and blank is not ...:
        return blank
    if not (text.isascii() and text.isdigit()):
        raise PolisFormatError(
            file,
            line,
            _('"%(value)s" in column %(column)s is not a whole number.')
            % {"value": _shown(value), "column": column},
        )
    number = int(text)
    if number > limit:
        raise PolisFormatError(
            file,
            line,
            _("The number %(value)s in column %(column)s is too large.")
            % {"value": _shown(text), "column": column},
        )
    return number


def _read_comments(file: str, data: bytes) -> dict[int, PolisComment]:
    table = _Table(file, data, COMMENT_COLUMNS)
    i = table.index
    comments: dict[int, PolisComment] = {}
    for line, row in table:
        comment_id = _whole(file, line, "comment-id", row[i["comment-id"]], limit=MAX_COMMENT_ID)
        if comment_id in comments:
            raise PolisFormatError(
                file,
                line,
                _("Comment %(id)s appears twice (first on line %(first)s).")
                % {"id": comment_id, "first": comments[comment_id].line},
            )
        moderated = row[i["moderated"]].strip()
        if moderated not in ("1", "0", "-1"):
            raise PolisFormatError(
                file,
                line,
                _(
                    "moderated must be 1 (shown), 0 (not moderated) or -1 (moderated out), "
                    'not "%(value)s".'
                )
                % {"value": _shown(moderated)},
            )
        comments[comment_id] = PolisComment(
            id=comment_id,
            line=line,
            timestamp=_whole(file, line, "timestamp", row[i["timestamp"]], blank=None),
            author_id=_whole(file, line, "author-id", row[i["author-id"]], blank=None),
            agrees=_whole(file, line, "agrees", row[i["agrees"]], blank=0),
            disagrees=_whole(file, line, "disagrees", row[i["disagrees"]], blank=0),
            moderated=int(moderated),
            body=restore_cell(row[i["comment-body"]]),
        )
    return comments


def _read_votes(
    file: str, data: bytes
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(timestamps, comment ids, voter ids, votes, lines), in file order."""
    fast = _read_votes_fast(data)
    if fast is not None:
        return fast
    table = _Table(file, data, VOTE_COLUMNS)
    i = table.index
    t_col, c_col, v_col, vote_col = i["timestamp"], i["comment-id"], i["voter-id"], i["vote"]
    timestamps: list[int] = []
    comment_ids: list[int] = []
    voter_ids: list[int] = []
    votes: list[int] = []
    lines: list[int] = []
    allowed = {"1": 1, "0": 0, "-1": -1}
    for line, row in table:
        vote = allowed.get(row[vote_col].strip())
        if vote is None:
            raise PolisFormatError(
                file,
                line,
                _('The vote must be 1 (agree), -1 (disagree) or 0 (pass), not "%(value)s".')
                % {"value": _shown(row[vote_col])},
            )
        timestamps.append(_whole(file, line, "timestamp", row[t_col]))
        comment_ids.append(_whole(file, line, "comment-id", row[c_col], limit=MAX_COMMENT_ID))
        voter_ids.append(_whole(file, line, "voter-id", row[v_col]))
        votes.append(vote)
        lines.append(line)
    return (
        np.array(timestamps, dtype=np.int64),
        np.array(comment_ids, dtype=np.int64),
        np.array(voter_ids, dtype=np.int64),
        np.array(votes, dtype=np.int8),
        np.array(lines, dtype=np.int64),
    )


_FAST_HEADER = b"timestamp,datetime,comment-id,voter-id,vote"


def _read_votes_fast(
    data: bytes,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """numpy parsing of the usual votes.csv; None for anything unusual (the csv path decides).

    Accepted: the exact Pol.is header, ASCII only, no quotes, exactly five fields per
    line, digits only in the three numbers (at most 18) and 1, 0 or -1 for the vote,
    LF or CRLF line ends, no blank lines. Lines are then simply 2, 3, 4...
    """
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end_of_header = data.find(b"\n", start)
    if end_of_header < 0:
        return None
    if data[start:end_of_header].rstrip(b"\r") != _FAST_HEADER:
        return None
    parts = []
    position = end_of_header + 1
    while position < len(data):
        stop = min(position + _CHUNK, len(data))
        if stop < len(data):
            cut = data.rfind(b"\n", position, stop)
            stop = cut + 1 if cut >= position else len(data)
        chunk = data[position:stop]
        if not chunk.endswith(b"\n"):
            chunk += b"\n"
        parsed = _parse_chunk(chunk)
        if parsed is None:
            return None
        parts.append(parsed)
        position = stop
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty.astype(np.int8), empty
    timestamps, comment_ids, voter_ids, votes = (
        np.concatenate(p) for p in zip(*parts, strict=True)
    )
    lines = np.arange(2, len(votes) + 2, dtype=np.int64)
    return timestamps, comment_ids, voter_ids, votes.astype(np.int8), lines


def _parse_chunk(chunk: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    if not chunk.isascii() or b'"' in chunk:
        return None
    buf = np.frombuffer(chunk, dtype=np.uint8)
    newlines = np.flatnonzero(buf == ord("\n"))
    n = len(newlines)
    commas = np.flatnonzero(buf == ord(","))
    if len(commas) != 4 * n:
        return None
    c = commas.reshape(n, 4)
    starts = np.empty(n, dtype=np.int64)
    starts[0] = 0
    starts[1:] = newlines[:-1] + 1
    # Commas are sorted: if each line's first comma is after its start and its fourth
    # before its end, and there are 4n of them, every line has exactly four.
    if not ((c[:, 0] >= starts).all() and (c[:, 3] < newlines).all()):
        return None
    ends = newlines - (buf[np.maximum(newlines - 1, 0)] == ord("\r"))
    timestamps = _parse_digits(buf, starts, c[:, 0])
    comment_ids = _parse_digits(buf, c[:, 1] + 1, c[:, 2])
    voter_ids = _parse_digits(buf, c[:, 2] + 1, c[:, 3])
    if timestamps is None or comment_ids is None or voter_ids is None:
        return None
    vote_start = c[:, 3] + 1
    length = ends - vote_start
    first = buf[np.minimum(vote_start, len(buf) - 1)]
    second = buf[np.minimum(vote_start + 1, len(buf) - 1)]
    single = (length == 1) & ((first == ord("0")) | (first == ord("1")))
    minus_one = (length == 2) & (first == ord("-")) & (second == ord("1"))
    if not (single | minus_one).all():
        return None
    votes = np.where(minus_one, -1, first.astype(np.int8) - ord("0")).astype(np.int8)
    return timestamps, comment_ids, voter_ids, votes


def _parse_digits(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
    """Fields of ASCII digits (1 to 18) as int64, or None if any field is something else."""
    length = ends - starts
    values = np.zeros(len(starts), dtype=np.int64)
    if not len(length):
        return values
    shortest, longest = int(length.min()), int(length.max())
    if shortest < 1 or longest > 18:
        return None
    for size in range(shortest, longest + 1):  # fields of one length at a time
        rows = None if shortest == longest else np.flatnonzero(length == size)
        if rows is not None and not len(rows):
            continue
        first = starts if rows is None else starts[rows]
        digits = buf[first[:, None] + np.arange(size)] - np.uint8(ord("0"))
        if digits.max() > 9:  # below "0" wraps round to large values too
            return None
        number = np.zeros(len(first), dtype=np.int64)
        for j in range(size):
            number = number * 10 + digits[:, j]
        if rows is None:
            values = number
        else:
            values[rows] = number
    return values


def _check_votes(
    file: str,
    comments_file: str,
    comments: dict[int, PolisComment],
    timestamps: np.ndarray,
    comment_ids: np.ndarray,
    voter_ids: np.ndarray,
    lines: np.ndarray,
) -> None:
    """Comment ids exist, and no vote is written twice (same voter, comment and time).

    The first problem in file order is reported.
    """
    problems: list[tuple[int, str]] = []
    known = np.array(sorted(comments), dtype=np.int64)
    cols = np.minimum(np.searchsorted(known, comment_ids), max(len(known) - 1, 0))
    unknown = (known[cols] != comment_ids) if len(known) else np.ones(len(lines), dtype=bool)
    if unknown.any():
        row = int(np.flatnonzero(unknown)[np.argmin(lines[unknown])])
        problems.append(
            (
                int(lines[row]),
                _("Comment %(id)s is not in %(comments)s.")
                % {"id": int(comment_ids[row]), "comments": comments_file},
            )
        )
    elif len(lines) > 1:
        _people, rows = np.unique(voter_ids, return_inverse=True)
        pair = rows.astype(np.int64) * len(known) + cols
        offset = timestamps - timestamps.min()
        span = int(offset.max()) + 1
        if int(pair.max()) < (2**62) // span:  # one sortable key: pair, then time
            key = pair * span + offset
            order = np.argsort(key, kind="stable")
            same = key[order][1:] == key[order][:-1]
        else:
            order = np.lexsort((lines, timestamps, pair))
            same = (pair[order][1:] == pair[order][:-1]) & (
                timestamps[order][1:] == timestamps[order][:-1]
            )
        if same.any():
            at = np.flatnonzero(same)
            second = order[at + 1]
            pick = int(np.argmin(lines[second]))
            row, earlier = int(second[pick]), int(order[at[pick]])
            problems.append(
                (
                    int(lines[row]),
                    _(
                        "The same vote is written twice (voter %(voter)s, comment %(comment)s, "
                        "timestamp %(timestamp)s; first on line %(first)s)."
                    )
                    % {
                        "voter": int(voter_ids[row]),
                        "comment": int(comment_ids[row]),
                        "timestamp": int(timestamps[row]),
                        "first": int(lines[earlier]),
                    },
                )
            )
    if problems:
        line, message = min(problems, key=lambda p: p[0])
        raise PolisFormatError(file, line, message)


def _read_participants_votes(
    file: str, data: bytes, comments: dict[int, PolisComment], comments_file: str
) -> dict[int, int | None]:
    """Pol.is's group of each participant (None: not in a group); the votes are checked."""
    table = _Table(file, data, PARTICIPANT_COLUMNS)
    columns = [j for j, name in enumerate(table.header) if name not in PARTICIPANT_COLUMNS]
    for j in columns:
        name = table.header[j]
        if not (name.isascii() and name.isdigit()):
            raise PolisFormatError(
                file,
                1,
                _('Column "%(column)s" should be a comment-id.') % {"column": _shown(name)},
            )
        if int(name) not in comments:
            raise PolisFormatError(
                file,
                1,
                _("Column %(column)s names a comment that is not in %(comments)s.")
                % {"column": name, "comments": comments_file},
            )
    allowed = {"", "1", "-1", "0"}
    i = table.index
    groups: dict[int, int | None] = {}
    first_line: dict[int, int] = {}
    for line, row in table:
        participant = _whole(file, line, "participant", row[i["participant"]])
        if participant in groups:
            raise PolisFormatError(
                file,
                line,
                _("Participant %(id)s appears twice (first on line %(first)s).")
                % {"id": participant, "first": first_line[participant]},
            )
        for column in ("n-comments", "n-votes", "n-agree", "n-disagree"):
            _whole(file, line, column, row[i[column]], blank=0)
        cells = [row[j] for j in columns]
        if not allowed.issuperset(cells):
            for j in columns:
                if row[j].strip() not in allowed:
                    raise PolisFormatError(
                        file,
                        line,
                        _(
                            "The vote on comment %(comment)s must be 1, -1, 0 or blank, not "
                            '"%(value)s".'
                        )
                        % {"comment": table.header[j], "value": _shown(row[j])},
                    )
        groups[participant] = _whole(file, line, "group-id", row[i["group-id"]], blank=None)
        first_line[participant] = line
    return groups


def _read_summary(file: str, data: bytes) -> dict[str, str]:
    """``key,value`` lines; a value with unquoted commas is kept whole."""
    text = _decode(file, data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    summary: dict[str, str] = {}
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise PolisFormatError(
                file, start, _("Broken quoting (%(detail)s).") % {"detail": error}
            ) from None
        if row and row[0].strip():
            summary[row[0].strip()] = restore_cell(",".join(row[1:]).strip())
    return summary


# --- Writing -----------------------------------------------------------------------------


def js_datetime(moment: datetime) -> str:
    """The datetime column as Pol.is writes it (JavaScript's Date.toString(), in UTC)."""
    return moment.astimezone(UTC).strftime(
        "%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)"
    )


@dataclass
class ExportCounts:
    participants: int
    statements: int
    votes: int
    groups: int


class _Sink:
    """Text files into a directory, a new .zip (a path ending in .zip) or an open ZipFile."""

    def __init__(self, target: str | Path | zipfile.ZipFile) -> None:
        self._own = False
        self._zip: zipfile.ZipFile | None = None
        self._directory: Path | None = None
        if isinstance(target, zipfile.ZipFile):
            self._zip = target
        elif Path(target).suffix.lower() == ".zip":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
            self._own = True
        else:
            self._directory = Path(target)
            self._directory.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[str]]:
        if self._zip is not None:
            with (
                self._zip.open(name, "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
            ):
                yield text
        else:
            assert self._directory is not None
            with open(self._directory / name, "w", encoding="utf-8", newline="") as handle:
                yield handle

    def close(self) -> None:
        if self._zip is not None and self._own:
            self._zip.close()


def _polis_ids(rows: list[tuple[int, int | None]]) -> dict[int, int]:
    """pk -> Pol.is id: the imported one where there is one, new ones after the largest."""
    taken = {polis_id for _pk, polis_id in rows if polis_id is not None}
    next_id = max(taken) + 1 if taken else 0
    used: set[int] = set()
    ids = {}
    for pk, polis_id in rows:
        if polis_id is None or polis_id in used:
            polis_id, next_id = next_id, next_id + 1
        used.add(polis_id)
        ids[pk] = polis_id
    return ids


def stored_groups(
    summary: dict[str, Any],
    state: dict[str, Any],
    participants: np.ndarray,
    statements: np.ndarray,
    values: np.ndarray,
) -> dict[int, int]:
    """The group of each participant in a stored analysis (clustered people only).

    ``summary`` and ``state`` are a map's ``analysis`` and ``analysis_state``; the
    arrays are its votes (participant pk, statement pk, value). The summary keeps the
    projection (components and means) and the base clusters with their group: each
    clustered participant is placed with the same projection as in the analysis and
    takes the group of the nearest base cluster.
    """
    summary = summary or {}
    clustered = set((state or {}).get("clustered", []))
    base = np.asarray(summary.get("base") or [], dtype=np.float64)
    statement_ids = np.asarray(summary.get("statement_ids") or [], dtype=np.int64)
    components = np.asarray(summary.get("components") or [], dtype=np.float64)
    means = np.asarray(summary.get("means") or [], dtype=np.float64)
    if (
        not clustered
        or base.ndim != 2
        or not len(base)
        or not len(statement_ids)
        or components.shape != (2, len(statement_ids))
        or means.shape != (len(statement_ids),)
    ):
        return {}
    excluded = np.isin(statement_ids, np.asarray(summary.get("excluded") or [], dtype=np.int64))
    order = np.argsort(statement_ids)
    cols = np.searchsorted(statement_ids[order], statements)
    cols = np.minimum(cols, len(statement_ids) - 1)
    known = statement_ids[order][cols] == statements
    cols = order[cols]
    keep = known & ~excluded[cols]
    people, rows = np.unique(participants[keep], return_inverse=True)
    cols = cols[keep]
    centred = values[keep].astype(np.float64) - means[cols]
    x = np.bincount(rows, weights=centred * components[0, cols], minlength=len(people))
    y = np.bincount(rows, weights=centred * components[1, cols], minlength=len(people))
    counts = np.bincount(rows, minlength=len(people))
    n_active = max(int((~excluded).sum()), 1)
    scale = np.sqrt(n_active / np.maximum(counts, 1))
    xy = np.column_stack([x * scale, y * scale])
    distances = ((xy[:, None, :] - base[None, :, :2]) ** 2).sum(axis=2)
    nearest = base[np.argmin(distances, axis=1), 2].astype(np.int64)
    return {
        int(person): int(group)
        for person, group in zip(people.tolist(), nearest.tolist(), strict=True)
        if person in clustered
    }


def write_export(
    opinion_map: OpinionMap,
    target: str | Path | zipfile.ZipFile,
    *,
    progress: ProgressCallback | None = None,
) -> ExportCounts:
    """Write the map as a Pol.is export: into a directory, a new .zip file (a path ending
    in .zip) or an open :class:`zipfile.ZipFile` (left open).

    Ids: a participant or statement imported from Pol.is keeps its Pol.is id; the
    others get new ids after the largest one. votes.csv holds the latest vote of each
    person on each statement (a map keeps no older votes), timed by its last change.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.db.models import Count
    from django.urls import NoReverseMatch

    from metroagora.opinions.models import (
        OpinionMap,
        Participant,
        Statement,
        StatementStatus,
        Vote,
    )

    # The stored analysis as it is now (the instance may predate the latest run).
    stored = OpinionMap.objects.filter(pk=opinion_map.pk).values("analysis", "analysis_state")[0]
    statements = list(
        Statement.objects.filter(opinion_map=opinion_map)
        .order_by("pk")
        .values_list("pk", "polis_id", "text", "status", "author_id", "created_at")
    )
    participants = list(
        Participant.objects.filter(opinion_map=opinion_map)
        .order_by("pk")
        .values_list("pk", "polis_id", "user_id")
    )
    comment_id = _polis_ids([(pk, polis_id) for pk, polis_id, *_rest in statements])
    voter_id = _polis_ids([(pk, polis_id) for pk, polis_id, _user in participants])
    total = Vote.objects.filter(opinion_map=opinion_map).count()
    people: list[int] = []
    items: list[int] = []
    values: list[int] = []
    stamps: list[float] = []
    rows = Vote.objects.filter(opinion_map=opinion_map).values_list(
        "participant_id", "statement_id", "value", "updated_at"
    )
    for index, (person, statement, value, updated) in enumerate(rows.iterator(chunk_size=20_000)):
        people.append(person)
        items.append(statement)
        values.append(value)
        stamps.append(updated.timestamp())
        if progress and (index + 1) % 100_000 == 0:
            progress("read", index + 1, total)
    person_pk = np.array(people, dtype=np.int64)
    statement_pk = np.array(items, dtype=np.int64)
    vote_values = np.array(values, dtype=np.int8)
    seconds = np.array(stamps, dtype=np.float64).astype(np.int64)
    del people, items, values, stamps

    voters = _translate(person_pk, voter_id)
    comments = _translate(statement_pk, comment_id)

    sink = _Sink(target)
    try:
        # votes.csv, sorted like Pol.is's: by comment, then voter.
        order = np.lexsort((voters, comments))
        with sink.open(VOTES) as handle:
            handle.write(",".join(VOTE_COLUMNS) + "\n")
            cache: dict[int, str] = {}
            block = 100_000
            for first in range(0, len(order), block):
                chosen = order[first : first + block]
                lines = []
                for stamp, cid, pid, vote in zip(
                    seconds[chosen].tolist(),
                    comments[chosen].tolist(),
                    voters[chosen].tolist(),
                    vote_values[chosen].tolist(),
                    strict=True,
                ):
                    text = cache.get(stamp)
                    if text is None:
                        if len(cache) > 100_000:
                            cache.clear()
                        text = cache[stamp] = js_datetime(datetime.fromtimestamp(stamp, tz=UTC))
                    lines.append(f"{stamp},{text},{cid},{pid},{vote}\n")
                handle.write("".join(lines))
                if progress:
                    progress("votes.csv", min(first + block, len(order)), len(order))

        # comments.csv
        agree_counts = dict(
            Vote.objects.filter(opinion_map=opinion_map, value=1)
            .values_list("statement_id")
            .annotate(n=Count("pk"))
            .values_list("statement_id", "n")
        )
        disagree_counts = dict(
            Vote.objects.filter(opinion_map=opinion_map, value=-1)
            .values_list("statement_id")
            .annotate(n=Count("pk"))
            .values_list("statement_id", "n")
        )
        participant_of_user = {
            user_id: voter_id[pk] for pk, _polis_id, user_id in participants if user_id is not None
        }
        moderated: dict[str, int] = {
            StatementStatus.VISIBLE: 1,
            StatementStatus.PENDING: 0,
            StatementStatus.REJECTED: -1,
        }
        authored: dict[int, int] = {}
        with sink.open(COMMENTS) as handle:
            writer = csv_writer(handle, lineterminator="\n")  # texts: no formulas
            writer.writerow(COMMENT_COLUMNS)
            for pk, _polis_id, text, status, author_id, created_at in sorted(
                statements, key=lambda s: comment_id[s[0]]
            ):
                author = participant_of_user.get(author_id)
                if author is not None:
                    authored[author] = authored.get(author, 0) + 1
                writer.writerow(
                    [
                        int(created_at.timestamp()),
                        js_datetime(created_at),
                        comment_id[pk],
                        "" if author is None else author,
                        agree_counts.get(pk, 0),
                        disagree_counts.get(pk, 0),
                        moderated.get(status, 0),
                        text,
                    ]
                )

        # participants-votes.csv: everyone who voted, one column per comment.
        group_of = stored_groups(
            stored["analysis"], stored["analysis_state"], person_pk, statement_pk, vote_values
        )
        group_by_voter = {voter_id[pk]: group for pk, group in group_of.items()}
        column_ids = sorted(comment_id.values())
        who, rows_index = np.unique(voters, return_inverse=True)
        cols_index = np.searchsorted(np.array(column_ids, dtype=np.int64), comments)
        matrix = np.full((len(who), len(column_ids)), 2, dtype=np.int8)  # 2 = no vote
        matrix[rows_index, cols_index] = vote_values
        cell = ("0", "1", "", "-1")  # indexed by value % 4
        with sink.open(PARTICIPANTS_VOTES) as handle:
            handle.write(",".join([*PARTICIPANT_COLUMNS, *(str(c) for c in column_ids)]) + "\n")
            n_votes = (matrix != 2).sum(axis=1).tolist()
            n_agree = (matrix == 1).sum(axis=1).tolist()
            n_disagree = (matrix == -1).sum(axis=1).tolist()
            for index, person in enumerate(who.tolist()):
                group = group_by_voter.get(person)
                fixed = [
                    str(person),
                    "" if group is None else str(group),
                    str(authored.get(person, 0)),
                    str(n_votes[index]),
                    str(n_agree[index]),
                    str(n_disagree[index]),
                ]
                cells = [cell[v % 4] for v in matrix[index].tolist()]
                handle.write(",".join(fixed + cells) + "\n")
                if progress and (index + 1) % 5_000 == 0:
                    progress(PARTICIPANTS_VOTES, index + 1, len(who))

        # summary.csv
        summary = stored["analysis"] or {}
        title = opinion_map.title
        description = opinion_map.description
        url = ""
        try:
            url = settings.SITE_URL.rstrip("/") + opinion_map.get_absolute_url()
        except (NoReverseMatch, ImportError, ImproperlyConfigured):
            url = ""  # no page for maps (yet): leave the address out
        with sink.open(SUMMARY) as handle:
            writer = csv_writer(handle, lineterminator="\n")
            for key, entry in (
                ("topic", _original(title)),
                ("url", url),
                ("voters", len(who)),
                ("voters-in-conv", summary.get("clustered", len(group_of))),
                ("commenters", len(authored)),
                ("comments", len(statements)),
                ("groups", len(summary.get("groups") or [])),
                ("conversation-description", _original(description)),
            ):
                writer.writerow([key, entry])
    finally:
        sink.close()
    return ExportCounts(
        participants=len(who),
        statements=len(statements),
        votes=len(vote_values),
        groups=len(set(group_of.values())),
    )


def _translate(keys: np.ndarray, mapping: dict[int, int]) -> np.ndarray:
    """``mapping[k]`` for each k of ``keys`` (all present), vectorised."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    known = np.array(sorted(mapping), dtype=np.int64)
    targets = np.array([mapping[k] for k in known.tolist()], dtype=np.int64)
    return targets[np.searchsorted(known, keys)]


def _original(text: Any) -> str:
    """A translated text in its original language (Pol.is has one language)."""
    original = getattr(text, "original", None)
    if original and hasattr(text, "get"):
        return str(text.get(original))
    return str(text or "")
