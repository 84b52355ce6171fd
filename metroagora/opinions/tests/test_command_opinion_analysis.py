"""``manage.py opinion_analysis --polis-export DIR --json OUT.json``: no database at all.

No test here asks for the database: pytest-django refuses any query, and one test
runs the command in a separate process whose database cannot be reached.
"""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db.backends.base.base import BaseDatabaseWrapper

ROOT = Path(__file__).resolve().parents[3]
SMALL = Path(__file__).parent / "data" / "polis_small"

# Two camps of ten: camp A (voters 100-109) agrees with 10 and 11 and disagrees with 12
# and 13, camp B (voters 200-209) the opposite; everyone agrees with 14 and with 15,
# which a moderator took out (-1); 16 is not moderated and nobody voted on it.
CAMP_A = list(range(100, 110))
CAMP_B = list(range(200, 210))
STATEMENTS = {
    10: ("Cars should leave the old town", 1),
    11: ("Bus lanes deserve more space", 1),
    12: ("Parking should stay free", 1),
    13: ("Shops need customers who drive", 1),
    14: ("Our parks need more trees", 1),
    15: ("Visit my shop, best prices in town", -1),
    16: ("What about the ring road?", 0),
}


def write_two_camps(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "comments.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees"]
            + ["moderated", "comment-body"]
        )
        for cid, (text, moderated) in STATEMENTS.items():
            writer.writerow([1700000000 + cid, "", cid, 0, 0, 0, moderated, text])
    rows = []
    stamp = 1700001000
    for camp, sign in ((CAMP_A, 1), (CAMP_B, -1)):
        for voter in camp:
            for cid, value in zip(range(10, 16), (sign, sign, -sign, -sign, 1, 1), strict=True):
                stamp += 3
                rows.append((stamp, cid, voter, value))
    # Voter 105 first voted like camp B, then changed every vote: the later ones count,
    # although they are written first (the file is sorted by comment and voter).
    rows += [
        (1700000500 + cid, cid, 105, v)
        for cid, v in zip(range(10, 14), (-1, -1, 1, 1), strict=True)
    ]
    with open(directory / "votes.csv", "w", newline="", encoding="utf-8") as handle:
        handle.write("timestamp,datetime,comment-id,voter-id,vote\n")
        for stamp, cid, voter, value in sorted(rows, key=lambda r: (r[1], r[2], -r[0])):
            handle.write(f"{stamp},Tue Nov 14 2023 22:13:20 GMT+0000,{cid},{voter},{value}\n")
    return directory


@pytest.fixture
def camps(tmp_path: Path) -> Path:
    return write_two_camps(tmp_path / "camps")


def analyse(directory: Path | str, out: Path) -> dict:
    call_command(
        "opinion_analysis",
        "--polis-export",
        str(directory),
        "--json",
        str(out),
        stdout=io.StringIO(),
    )
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def no_database():
    """Any attempt to connect to a database fails the test."""
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=AssertionError("database used")
    ):
        yield


def test_it_writes_the_documented_json(camps, tmp_path):
    data = analyse(camps, tmp_path / "out.json")
    assert set(data) == {"participant_groups", "groups", "consensus", "seconds"}
    assert all(isinstance(k, str) and k.isdigit() for k in data["participant_groups"])
    assert all(type(v) is int for v in data["participant_groups"].values())
    assert isinstance(data["seconds"], float) and data["seconds"] >= 0
    assert set(data["consensus"]) == {"agree", "disagree"}
    for group in data["groups"]:
        assert set(group) == {"id", "size", "representative"}
        assert type(group["id"]) is int and type(group["size"]) is int
        for rep in group["representative"]:
            assert set(rep) == {"statement_id", "direction"}
            assert type(rep["statement_id"]) is int
            assert rep["direction"] in ("agree", "disagree")
    assert sorted(g["id"] for g in data["groups"]) == list(range(len(data["groups"])))
    sizes = {g["id"]: g["size"] for g in data["groups"]}
    for group_id, size in sizes.items():
        assert list(data["participant_groups"].values()).count(group_id) == size


def test_two_camps_give_two_groups_with_their_own_statements(camps, tmp_path):
    data = analyse(camps, tmp_path / "out.json")
    groups = {int(p): g for p, g in data["participant_groups"].items()}
    assert sorted(groups) == sorted(CAMP_A + CAMP_B)  # everyone is clustered
    assert len(data["groups"]) == 2
    group_a, group_b = groups[CAMP_A[0]], groups[CAMP_B[0]]
    assert group_a != group_b
    assert {groups[p] for p in CAMP_A} == {group_a}
    assert {groups[p] for p in CAMP_B} == {group_b}
    reps = {
        g["id"]: {(r["statement_id"], r["direction"]) for r in g["representative"]}
        for g in data["groups"]
    }
    assert reps[group_a] == {(10, "agree"), (11, "agree"), (12, "disagree"), (13, "disagree")}
    assert reps[group_b] == {(12, "agree"), (13, "agree"), (10, "disagree"), (11, "disagree")}
    # Agreed by all: 14. Comment 15 is agreed by all too, but was moderated out.
    assert data["consensus"] == {"agree": [14], "disagree": []}


def test_the_latest_vote_by_timestamp_counts_not_the_last_line(camps, tmp_path):
    data = analyse(camps, tmp_path / "out.json")
    groups = data["participant_groups"]
    assert groups["105"] == groups[str(CAMP_A[0])]  # their later votes are camp A's


def test_moderated_out_comments_stay_out_of_the_map(camps, tmp_path):
    data = analyse(camps, tmp_path / "out.json")
    mentioned = {r["statement_id"] for g in data["groups"] for r in g["representative"]}
    mentioned |= set(data["consensus"]["agree"]) | set(data["consensus"]["disagree"])
    assert 15 not in mentioned and 16 not in mentioned


def test_it_reads_a_zip_and_writes_to_stdout(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in SMALL.iterdir():
            zipped.write(path, path.name)
    out = io.StringIO()
    call_command(
        "opinion_analysis",
        "--polis-export",
        str(archive),
        "--json",
        "-",
        stdout=out,
        stderr=io.StringIO(),
    )
    data = json.loads(out.getvalue())
    assert len(data["groups"]) == 2
    assert data["consensus"]["agree"] == [4]
    assert "5" not in {str(r["statement_id"]) for g in data["groups"] for r in g["representative"]}


def test_it_says_which_file_and_line_is_wrong(camps, tmp_path):
    votes = camps / "votes.csv"
    lines = votes.read_text().splitlines()
    lines[4] = lines[4].rsplit(",", 1)[0] + ",agree"
    votes.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match=r"^votes.csv, line 5: The vote must be 1"):
        analyse(camps, tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()


def test_it_accepts_a_byte_order_mark(camps, tmp_path):
    reference = analyse(camps, tmp_path / "a.json")
    for name in ("comments.csv", "votes.csv"):
        path = camps / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    again = analyse(camps, tmp_path / "b.json")
    reference.pop("seconds"), again.pop("seconds")
    assert again == reference


def test_it_runs_without_any_database(camps, tmp_path):
    """A separate process whose database cannot be reached (nothing listens on port 9)."""
    out = tmp_path / "out.json"
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none",
        "DJANGO_SETTINGS_MODULE": "metroagora.settings",
    }
    completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "opinion_analysis",
            "--polis-export",
            str(camps),
            "--json",
            str(out),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert len(json.loads(out.read_text())["groups"]) == 2
    assert "analysed in" in completed.stdout
