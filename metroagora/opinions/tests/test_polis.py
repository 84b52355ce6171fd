"""Pol.is exports: reading and checking them, importing them into a map, exporting any map.

The fixture ``data/polis_small`` looks like a real export: comments.csv in no
particular order with a quoted comma, a quoted line break, doubled quotes and a comment
longer than a statement; votes.csv sorted by comment and voter (not by time) with two
people changing their vote later; a spam comment moderated out (-1) with votes, a
comment not moderated yet (0) with votes and one without. Twelve people vote in two
clear camps (voters 0-5 and 6-11) on comments 0-3 and 7, and all agree on comment 4.
"""

import csv
import io
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from bench.generate_polis import generate_polis_export
from metroagora.opinions import polis, services, tasks
from metroagora.opinions.management.commands.opinion_analysis import result_json
from metroagora.opinions.models import (
    STATEMENT_MAX,
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)
from metroagora.opinions.polis import PolisFormatError, read_export, write_export
from metroagora.opinions.tests.factories import OpinionMapFactory, vote_in_two_camps

SMALL = Path(__file__).parent / "data" / "polis_small"
CAMP_A, CAMP_B = set(range(6)), set(range(6, 12))


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A copy of the small export, to spoil in a test."""
    target = tmp_path / "export"
    shutil.copytree(SMALL, target)
    return target


def set_line(path: Path, number: int, text: str) -> None:
    """Replace line ``number`` (1 = header) of a file, keeping its other bytes."""
    lines = path.read_bytes().split(b"\n")
    lines[number - 1] = text.encode()
    path.write_bytes(b"\n".join(lines))


def line_of(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[number - 1]


def do_import(actor, directory, slug="imported", language="en", **kwargs):
    return services.import_polis_conversation(
        actor,
        directory,
        slug=slug,
        title="How should the old town change?",
        language=language,
        **kwargs,
    )


def polis_votes(opinion_map: OpinionMap) -> set[tuple[int, int, int]]:
    return set(
        Vote.objects.filter(opinion_map=opinion_map).values_list(
            "participant__polis_id", "statement__polis_id", "value"
        )
    )


def polis_groups(opinion_map: OpinionMap) -> dict[int, int]:
    """Voter-id -> group, from a fresh analysis of the map (same input, same result)."""
    result = tasks.run_analysis(opinion_map)
    polis_id = dict(
        Participant.objects.filter(opinion_map=opinion_map).values_list("pk", "polis_id")
    )
    return {polis_id[pk]: group for pk, group in result.group_of.items()}


def vote_times(opinion_map: OpinionMap) -> set[tuple[int, int, object]]:
    return set(
        Vote.objects.filter(opinion_map=opinion_map).values_list(
            "participant__polis_id", "statement__polis_id", "updated_at"
        )
    )


def nothing_imported() -> bool:
    return not (
        OpinionMap.objects.exists()
        or Statement.objects.exists()
        or Participant.objects.exists()
        or Vote.objects.exists()
    )


# --- Reading ----------------------------------------------------------------------------------


def test_it_reads_comments_votes_groups_and_summary():
    conversation = read_export(SMALL)
    assert [c.id for c in conversation.comments] == list(range(9))
    assert conversation.comments[2].body == "Parking should stay free, even downtown"
    assert conversation.comments[3].body == "Shops need customers who drive\n"
    assert '"temporary"' in conversation.comments[6].body
    assert conversation.comments[6].line == 9  # comment 3 spans lines 6 and 7
    assert conversation.comments[5].moderated == -1
    assert conversation.n_votes == 79
    assert list(conversation.voters()) == list(range(12))
    assert conversation.groups == {p: (0 if p in CAMP_A else 1) for p in range(12)}
    assert conversation.summary["topic"] == "How should the old town change?"
    assert conversation.summary["groups"] == "2"


def test_it_orders_votes_by_time_and_keeps_the_latest():
    conversation = read_export(SMALL)
    assert (np.diff(conversation.timestamps) >= 0).all()
    latest = conversation.latest()
    assert len(latest) == 77  # two people voted twice on a comment
    votes = {
        (int(p), int(c)): int(v)
        for p, c, v in zip(latest.voter_ids, latest.comment_ids, latest.votes, strict=True)
    }
    # Written before their first votes in the file (sorted by comment), later in time.
    assert votes[(3, 0)] == 1
    assert votes[(11, 4)] == 1
    pairs = list(zip(latest.voter_ids.tolist(), latest.comment_ids.tolist(), strict=True))
    first = dict(zip(pairs, latest.first_timestamps.tolist(), strict=True))
    last = dict(zip(pairs, latest.last_timestamps.tolist(), strict=True))
    assert last[(3, 0)] > first[(3, 0)]


def test_it_decides_what_each_comment_becomes():
    status = read_export(SMALL).comment_status()
    assert status[5] == "rejected"  # moderated out, votes kept for the totals
    assert status[7] == "visible"  # not moderated, but people voted on it
    assert status[8] == "pending"  # not moderated, no votes: waits for a moderator
    assert {status[c] for c in (0, 1, 2, 3, 4, 6)} == {"visible"}


def test_it_parses_the_usual_votes_file_with_numpy_like_the_csv_module():
    data = (SMALL / "votes.csv").read_bytes()
    fast = polis._read_votes_fast(data)
    assert fast is not None
    # One quoted datetime sends the file through the csv module: same result.
    lines = data.split(b"\n")
    lines[1] = lines[1].replace(b",Tue", b',"Tue').replace(b"Time),", b'Time)",')
    quoted = b"\n".join(lines)
    assert polis._read_votes_fast(quoted) is None
    careful = polis._read_votes(polis.VOTES, quoted)
    for a, b in zip(fast, careful, strict=True):
        assert a.tolist() == b.tolist()


def test_it_accepts_a_byte_order_mark_crlf_and_an_extra_column(export):
    reference = read_export(SMALL)
    for name in ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"):
        path = export / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    conversation = read_export(export)
    assert conversation.votes.tolist() == reference.votes.tolist()
    assert [c.body.replace("\r\n", "\n") for c in conversation.comments] == [
        c.body for c in reference.comments
    ]
    # Newer Pol.is exports have an "important" column.
    votes = export / "votes.csv"
    rows = votes.read_text(encoding="utf-8-sig").splitlines()
    votes.write_text(
        "\n".join([rows[0] + ",important"] + [row + ",0" for row in rows[1:]]) + "\n",
        encoding="utf-8",
    )
    assert read_export(export).voter_ids.tolist() == reference.voter_ids.tolist()


def test_it_reads_millisecond_timestamps_and_prefixed_file_names(export):
    votes = export / "votes.csv"
    rows = votes.read_text().splitlines()
    votes.unlink()
    lines = [rows[0]]
    for row in rows[1:]:
        stamp, rest = row.split(",", 1)
        lines.append(f"{int(stamp) * 1000 + 123},{rest}")
    (export / "2demo-votes.csv").write_text("\n".join(lines) + "\n")
    conversation = read_export(export)
    assert conversation.files[polis.VOTES] == "2demo-votes.csv"
    assert conversation.timestamps.min() > polis.MILLISECONDS_FROM
    assert polis.to_datetimes([1700000000123])[0].year == 2023
    assert conversation.latest().votes.tolist() == read_export(SMALL).latest().votes.tolist()


def test_it_reads_a_zip(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in SMALL.iterdir():
            zipped.write(path, f"polis-export-3example/{path.name}")
    conversation = read_export(archive)
    assert conversation.n_votes == 79
    assert conversation.summary["groups"] == "2"


def test_it_can_skip_participants_votes():
    assert read_export(SMALL, participants_votes=False).groups is None


# --- Bad input: the file and the line, nothing imported ----------------------------------------


def _missing_column(d: Path) -> tuple[str, int]:
    set_line(d / "votes.csv", 1, "timestamp,datetime,comment-id,voter-id")
    return "votes.csv", 1


def _vote_out_of_range(d: Path) -> tuple[str, int]:
    set_line(d / "votes.csv", 6, line_of(d / "votes.csv", 6).rsplit(",", 1)[0] + ",2")
    return "votes.csv", 6


def _unknown_comment(d: Path) -> tuple[str, int]:
    stamp, date, _comment, voter, vote = line_of(d / "votes.csv", 10).split(",")
    set_line(d / "votes.csv", 10, f"{stamp},{date},99,{voter},{vote}")
    return "votes.csv", 10


def _duplicate_vote(d: Path) -> tuple[str, int]:
    path = d / "votes.csv"
    path.write_text(path.read_text() + line_of(path, 4) + "\n")
    return "votes.csv", 81


def _duplicate_comment(d: Path) -> tuple[str, int]:
    path = d / "comments.csv"
    path.write_text(path.read_text() + "1700000999,x,4,0,0,0,1,Another text\n")
    return "comments.csv", 12


def _stray_quote_in_votes(d: Path) -> tuple[str, int]:
    stamp, rest = line_of(d / "votes.csv", 7).split(",", 1)
    set_line(d / "votes.csv", 7, f'{stamp},"{rest}')  # a quote that is never closed
    return "votes.csv", 7


def _stray_quote_in_comments(d: Path) -> tuple[str, int]:
    text = line_of(d / "comments.csv", 3).replace(",Cars should", ',"Cars" should')
    set_line(d / "comments.csv", 3, text)
    return "comments.csv", 3


def _empty_file(d: Path) -> tuple[str, int]:
    (d / "comments.csv").write_bytes(b"")
    return "comments.csv", 1


def _voter_not_a_number(d: Path) -> tuple[str, int]:
    stamp, date, comment, _voter, vote = line_of(d / "votes.csv", 8).split(",")
    set_line(d / "votes.csv", 8, f"{stamp},{date},{comment},abc,{vote}")
    return "votes.csv", 8


def _comment_id_not_a_number(d: Path) -> tuple[str, int]:
    set_line(d / "comments.csv", 4, line_of(d / "comments.csv", 4).replace(",1,0,", ",one,0,", 1))
    return "comments.csv", 4


def _missing_field(d: Path) -> tuple[str, int]:
    set_line(d / "votes.csv", 9, line_of(d / "votes.csv", 9).rsplit(",", 1)[0])
    return "votes.csv", 9


def _bad_moderated(d: Path) -> tuple[str, int]:
    set_line(
        d / "comments.csv", 10, line_of(d / "comments.csv", 10).replace(",0,Should", ",2,Should")
    )
    return "comments.csv", 10


def _not_utf8(d: Path) -> tuple[str, int]:
    path = d / "comments.csv"
    path.write_bytes(path.read_bytes().replace(b"Bus lanes", b"Bus lan\xe9s"))
    return "comments.csv", 4


def _bad_participants_cell(d: Path) -> tuple[str, int]:
    path = d / "participants-votes.csv"
    set_line(path, 5, line_of(path, 5)[:-1] + "5")
    return "participants-votes.csv", 5


def _duplicate_wording(d: Path) -> tuple[str, int]:
    path = d / "comments.csv"
    set_line(
        path,
        4,
        line_of(path, 4).replace("Bus lanes deserve more space", "CARS should leave the OLD town!"),
    )
    return "comments.csv", 4


def _no_words(d: Path) -> tuple[str, int]:
    path = d / "comments.csv"
    set_line(path, 4, line_of(path, 4).replace("Bus lanes deserve more space", "?!"))
    return "comments.csv", 4


BAD_INPUT = {
    "missing column": _missing_column,
    "vote out of range": _vote_out_of_range,
    "unknown statement id": _unknown_comment,
    "duplicate vote row": _duplicate_vote,
    "duplicate comment row": _duplicate_comment,
    "stray quote in votes": _stray_quote_in_votes,
    "stray quote in comments": _stray_quote_in_comments,
    "empty file": _empty_file,
    "voter id not a number": _voter_not_a_number,
    "comment id not a number": _comment_id_not_a_number,
    "missing field": _missing_field,
    "bad moderated": _bad_moderated,
    "not utf-8": _not_utf8,
    "bad participants-votes cell": _bad_participants_cell,
    "duplicate wording": _duplicate_wording,
    "no words": _no_words,
}


@pytest.mark.parametrize("spoil", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_it_names_the_file_and_line_and_imports_nothing(spoil, export, people):
    file, line = spoil(export)
    with pytest.raises(PolisFormatError) as caught:
        do_import(people.moderator, export)
    assert (caught.value.file, caught.value.line) == (file, line)
    assert str(caught.value).startswith(f"{file}, line {line}: ")
    assert nothing_imported()


def test_it_reports_where_a_duplicate_was_first_seen(export):
    _duplicate_vote(export)
    with pytest.raises(PolisFormatError, match=r"votes.csv, line 81: .*first on line 4"):
        read_export(export)
    _duplicate_comment(export)
    with pytest.raises(PolisFormatError, match=r"comments.csv, line 12: .*first on line 2"):
        read_export(export)


def test_it_names_a_missing_file(export, people):
    (export / "votes.csv").unlink()
    with pytest.raises(PolisFormatError) as caught:
        do_import(people.moderator, export)
    assert (caught.value.file, caught.value.line) == ("votes.csv", None)
    assert nothing_imported()
    with pytest.raises(PolisFormatError, match="no such directory"):
        read_export(export / "nowhere")


# --- Importing -----------------------------------------------------------------------------------


def test_it_imports_statements_people_and_latest_votes_and_analyses_once(people):
    opinion_map = do_import(people.moderator, SMALL)
    assert opinion_map.imported_from == "Pol.is: https://pol.is/3example"
    assert opinion_map.created_by == people.moderator
    assert str(opinion_map.description).startswith("Cars, buses, shops and parks")
    statements = {s.polis_id: s for s in Statement.objects.filter(opinion_map=opinion_map)}
    assert len(statements) == 9
    assert statements[3].text == "Shops need customers who drive"
    assert statements[5].status == StatementStatus.REJECTED
    assert statements[7].status == StatementStatus.VISIBLE
    assert statements[8].status == StatementStatus.PENDING
    assert {s.language for s in statements.values()} == {"en"}
    voters = Participant.objects.filter(opinion_map=opinion_map).values_list("polis_id", flat=True)
    assert len(voters) == 12 and set(voters) == set(range(12))
    votes = polis_votes(opinion_map)
    assert len(votes) == 77
    assert (3, 0, 1) in votes and (11, 4, 1) in votes  # the later votes
    assert (0, 5, -1) in votes  # votes on a moderated-out comment are kept
    # The analysis ran: two camps, comment 4 agreed by all.
    summary = opinion_map.analysis
    assert opinion_map.analysed_votes == 77
    assert sorted(g["size"] for g in summary["groups"]) == [6, 6]
    assert summary["consensus"]["agree"] == [statements[4].pk]


def test_it_keeps_vote_times(people):
    opinion_map = do_import(people.moderator, SMALL)
    vote = Vote.objects.get(opinion_map=opinion_map, participant__polis_id=3, statement__polis_id=0)
    conversation = read_export(SMALL)
    mine = (conversation.voter_ids == 3) & (conversation.comment_ids == 0)
    first, last = polis.to_datetimes(
        [conversation.timestamps[mine].min(), conversation.timestamps[mine].max()]
    )
    assert (vote.created_at, vote.updated_at) == (first, last)


def test_it_shortens_comments_longer_than_a_statement_and_says_so(people):
    warnings: list[str] = []
    opinion_map = do_import(people.moderator, SMALL, warnings=warnings)
    text = Statement.objects.get(opinion_map=opinion_map, polis_id=6).text
    assert len(text) <= STATEMENT_MAX
    assert text.endswith("…")
    assert text.startswith('My street was rebuilt last year and the "temporary" cycle lane')
    assert warnings == [
        "comments.csv, line 9: Comment 6 has 171 characters: shortened to 140, "
        "as all statements are."
    ]


def test_it_imports_a_byte_order_mark_like_any_file(export, people):
    for name in ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"):
        path = export / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    opinion_map = do_import(people.moderator, export)
    assert len(polis_votes(opinion_map)) == 77
    assert opinion_map.imported_from == "Pol.is: https://pol.is/3example"


def test_it_writes_nothing_if_the_analysis_fails(people, monkeypatch):
    def broken(opinion_map):
        raise RuntimeError("no analysis today")

    monkeypatch.setattr(tasks, "run_analysis", broken)
    with pytest.raises(RuntimeError):
        do_import(people.moderator, SMALL)
    assert nothing_imported()


def test_it_checks_the_map_fields_first(people):
    OpinionMapFactory(slug="taken")
    with pytest.raises(ValidationError):
        do_import(people.moderator, SMALL, slug="taken")
    with pytest.raises(ValidationError):
        do_import(people.moderator, SMALL, slug="ok", language="xx")
    assert OpinionMap.objects.count() == 1 and not Vote.objects.exists()


def test_only_people_who_may_open_maps_import(people):
    with pytest.raises(PermissionDenied):
        do_import(people.participant, SMALL)
    with pytest.raises(PermissionDenied):
        do_import(people.coordinator, SMALL)  # a map of no city: not theirs to moderate
    assert nothing_imported()
    opinion_map = do_import(people.coordinator, SMALL, city=people.city)
    assert opinion_map.city == people.city


def test_the_command_and_the_import_find_the_same_groups(people):
    opinion_map = do_import(people.moderator, SMALL)
    command = result_json(read_export(SMALL).analyse())
    assert {int(k): v for k, v in command["participant_groups"].items()} == polis_groups(
        opinion_map
    )


# --- Exporting and the round trip -----------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_round_trips_votes_and_groups(people, tmp_path):
    first = do_import(people.moderator, SMALL)
    counts = write_export(first, tmp_path / "out")
    assert (counts.participants, counts.statements, counts.votes, counts.groups) == (12, 9, 77, 2)
    second = do_import(people.moderator, tmp_path / "out", slug="again")
    assert polis_votes(second) == polis_votes(first)
    assert polis_groups(second) == polis_groups(first)
    groups = polis_groups(first)
    assert {frozenset(p for p in groups if groups[p] == g) for g in set(groups.values())} == {
        frozenset(CAMP_A),
        frozenset(CAMP_B),
    }
    for mine, theirs in zip(
        Statement.objects.filter(opinion_map=first).order_by("polis_id"),
        Statement.objects.filter(opinion_map=second).order_by("polis_id"),
        strict=True,
    ):
        assert (mine.polis_id, mine.text, mine.status) == (
            theirs.polis_id,
            theirs.text,
            theirs.status,
        )
    # votes.csv carries each vote's last change: the times survive too.
    assert vote_times(second) == vote_times(first)


def test_it_writes_the_four_files_like_pol_is(people, tmp_path):
    opinion_map = do_import(people.moderator, SMALL)
    write_export(opinion_map, tmp_path / "out")
    out = tmp_path / "out"
    votes = read_csv(out / "votes.csv")
    assert list(votes[0]) == list(polis.VOTE_COLUMNS)
    assert len(votes) == 77
    assert [(int(v["comment-id"]), int(v["voter-id"])) for v in votes] == sorted(
        (int(v["comment-id"]), int(v["voter-id"])) for v in votes
    )
    assert votes[0]["datetime"].endswith("GMT+0000 (Coordinated Universal Time)")
    comments = {int(c["comment-id"]): c for c in read_csv(out / "comments.csv")}
    original = {c.id: c for c in read_export(SMALL).comments}
    for cid, comment in comments.items():
        assert (int(comment["agrees"]), int(comment["disagrees"])) == (
            original[cid].agrees,
            original[cid].disagrees,
        )
    assert [comments[c]["moderated"] for c in (0, 5, 7, 8)] == ["1", "-1", "1", "0"]
    assert comments[2]["comment-body"] == "Parking should stay free, even downtown"
    participants = read_csv(out / "participants-votes.csv")
    assert list(participants[0])[:6] == list(polis.PARTICIPANT_COLUMNS)
    assert list(participants[0])[6:] == [str(c) for c in range(9)]
    groups = polis_groups(opinion_map)
    assert {int(p["participant"]): int(p["group-id"]) for p in participants} == groups
    by_person = {int(p["participant"]): p for p in participants}
    assert by_person[3]["0"] == "1" and by_person[0]["6"] == "" and by_person[1]["6"] == "0"
    assert (by_person[0]["n-votes"], by_person[0]["n-agree"]) == ("7", "4")
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        summary = dict(csv.reader(handle))
    assert summary["topic"] == "How should the old town change?"
    assert summary["voters"] == "12" and summary["comments"] == "9" and summary["groups"] == "2"
    assert summary["conversation-description"].startswith("Cars, buses")


def test_it_exports_into_a_zip_file_or_an_open_zip(people, tmp_path):
    opinion_map = do_import(people.moderator, SMALL)
    write_export(opinion_map, tmp_path / "map.zip")
    assert (
        read_export(tmp_path / "map.zip").latest().votes.tolist()
        == read_export(SMALL).latest().votes.tolist()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        write_export(opinion_map, archive)
        assert archive.fp is not None  # left open for the caller
    with zipfile.ZipFile(buffer) as archive:
        assert sorted(archive.namelist()) == [
            "comments.csv",
            "participants-votes.csv",
            "summary.csv",
            "votes.csv",
        ]


def test_it_exports_a_map_made_here_with_new_ids(people, tmp_path):
    camps = vote_in_two_camps(OpinionMapFactory(slug="native"))
    tasks.run_analysis(camps.opinion_map)
    write_export(camps.opinion_map, tmp_path / "out")
    conversation = read_export(tmp_path / "out")
    assert [c.id for c in conversation.comments] == list(range(5))
    assert list(conversation.voters()) == list(range(20))
    assert sorted(g for g in conversation.groups.values() if g is not None) == [0] * 10 + [1] * 10
    again = do_import(people.moderator, tmp_path / "out", slug="native-again")
    assert sorted(g["size"] for g in again.analysis["groups"]) == [10, 10]


def test_it_gives_participants_who_joined_after_an_import_new_voter_ids(people, tmp_path):
    opinion_map = do_import(people.moderator, SMALL)
    newcomer = Participant.objects.create(opinion_map=opinion_map, user=people.participant)
    statement = Statement.objects.get(opinion_map=opinion_map, polis_id=0)
    Vote.objects.create(participant=newcomer, statement=statement, opinion_map=opinion_map, value=1)
    write_export(opinion_map, tmp_path / "out")
    conversation = read_export(tmp_path / "out")
    assert list(conversation.voters()) == list(range(13))
    assert conversation.groups is not None and conversation.groups[12] is None  # not analysed


# --- The commands -------------------------------------------------------------------------------


def test_the_import_and_export_commands(people, tmp_path):
    out = io.StringIO()
    call_command(
        "import_polis",
        str(SMALL),
        "--slug",
        "old-town",
        "--title",
        "The old town",
        "--language",
        "en",
        "--as",
        people.moderator.email,
        "--no-progress",
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue()
    assert "Statements: 9 (7 shown, 1 held for review, 1 rejected)" in text
    assert "Participants: 12; votes kept: 77" in text
    assert "Groups: 2 (Pol.is found 2)" in text
    out = io.StringIO()
    call_command("export_polis", "old-town", str(tmp_path / "x.zip"), "--no-progress", stdout=out)
    assert "9 comments, 12 voters, 77 votes, 2 groups" in out.getvalue()
    assert read_export(tmp_path / "x.zip").n_votes == 77


def test_the_import_command_reports_the_file_and_line(people, export):
    _vote_out_of_range(export)
    with pytest.raises(CommandError, match=r"^votes.csv, line 6: The vote must be"):
        call_command(
            "import_polis",
            str(export),
            "--slug",
            "x",
            "--title",
            "X",
            "--language",
            "en",
            "--as",
            people.moderator.email,
            "--no-progress",
        )
    assert nothing_imported()


def test_the_import_command_needs_someone_allowed(people):
    with pytest.raises(CommandError, match="may not open"):
        call_command(
            "import_polis",
            str(SMALL),
            "--slug",
            "x",
            "--title",
            "X",
            "--language",
            "en",
            "--as",
            people.participant.email,
            "--no-progress",
        )
    with pytest.raises(CommandError, match="No active account"):
        call_command(
            "import_polis",
            str(SMALL),
            "--slug",
            "x",
            "--title",
            "X",
            "--language",
            "en",
            "--as",
            "nobody@example.org",
            "--no-progress",
        )
    out = io.StringIO()
    call_command(  # without --as: the first network admin
        "import_polis",
        str(SMALL),
        "--slug",
        "x",
        "--title",
        "X",
        "--language",
        "en",
        "--no-progress",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert OpinionMap.objects.get(slug="x").created_by == people.admin


# --- The benchmark generator --------------------------------------------------------------------


def test_the_generator_writes_a_valid_realistic_export(tmp_path):
    made = generate_polis_export(
        tmp_path / "gen",
        participants=300,
        statements=40,
        votes=3000,
        groups=3,
        participants_votes=True,
    )
    assert (made.votes, made.repeats) == (3000, 30)
    conversation = read_export(tmp_path / "gen")
    assert conversation.n_votes == 3000
    assert len(conversation.latest()) == 3000 - 30
    assert len(conversation.comments) == 40 and len(conversation.voters()) == 300
    assert 0.05 < (conversation.votes == 0).mean() < 0.25  # some passes
    stamps = [
        int(row.split(",", 1)[0])
        for row in (tmp_path / "gen" / "votes.csv").read_text().splitlines()[1:]
    ]
    assert stamps == sorted(stamps)  # increasing through the file
    per_statement = np.bincount(conversation.comment_ids, minlength=40)
    assert per_statement[:5].mean() > 2 * per_statement[-5:].mean()  # skewed
    assert conversation.groups is not None and set(conversation.groups.values()) == {0, 1, 2}
    result = conversation.analyse()
    assert 2 <= len(result.groups) <= 5
