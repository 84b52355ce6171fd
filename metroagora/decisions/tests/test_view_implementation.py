"""One promise in detail: milestones, updates (newest first), photos, origin, staff links."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from metroagora.decisions import services
from metroagora.decisions.models import ImplementationPhoto
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    ImplementationFactory,
    MilestoneFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _url(record) -> str:
    return f"/en/decisions/implementation/{record.pk}/"


@pytest.fixture
def record(roles, people):
    process = ProcessFactory(city=roles.city, phase="implementation")
    origin = ProposalFactory(process=process, state="accepted", title="Trees for the school")
    project = ProjectFactory(
        budget__process=process, title={"en": "Shade for the school"}, proposal=origin
    )
    record = ImplementationFactory(project=project)
    today = timezone.localdate()
    MilestoneFactory(implementation=record, title="Tender", due_on=today - timedelta(days=20))
    MilestoneFactory(implementation=record, title="Planting", due_on=today - timedelta(days=2))
    MilestoneFactory(implementation=record, title="Inauguration", due_on=today + timedelta(days=9))
    record.milestones.filter(title="Tender").update(done_on=today - timedelta(days=21))
    services.update_implementation(
        people["official"],
        record,
        status="in_progress",
        progress=20,
        text="Tender won.",
        language="en",
    )
    services.update_implementation(
        people["official"],
        record,
        status="in_progress",
        progress=50,
        text="Half the trees.",
        language="en",
    )
    ImplementationPhoto.objects.create(
        implementation=record,
        image=SimpleUploadedFile("p.gif", GIF, content_type="image/gif"),
        alt_text="Young trees along the school fence",
    )
    return record


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_promise_to_every_role(client, people, record, role):
    sign_in(client, people[role])
    response = client.get(_url(record))
    assert response.status_code == 200
    assert "Shade for the school" in response.content.decode()


def test_it_is_not_found_in_a_draft_process(client, record):
    record.process.status = "draft"
    record.process.save()
    assert client.get(_url(record)).status_code == 404
    assert client.get("/en/decisions/implementation/999999/").status_code == 404


def test_it_shows_status_progress_and_origin(client, record):
    content = client.get(_url(record)).content.decode()
    assert "In progress" in content
    assert '<progress max="100" value="50"' in content
    assert "50% done" in content
    assert record.project.budget.get_absolute_url() in content
    assert record.project.proposal.get_absolute_url() in content
    assert "Trees for the school" in content


def test_it_shows_milestones_planned_and_done(client, record):
    content = client.get(_url(record)).content.decode()
    table = content[content.index("<caption>Milestones, planned and done</caption>") :]
    table = table[: table.index("</table>")]
    assert [row.split("</th>")[0] for row in table.split('<th scope="row">')[1:]] == [
        "Tender",
        "Planting",
        "Inauguration",
    ]
    assert "Late" in table
    assert "Not yet" in table


def test_it_shows_updates_newest_first(client, record):
    content = client.get(_url(record)).content.decode()
    assert content.index("Half the trees.") < content.index("Tender won.")


def test_it_shows_photos_with_their_description(client, record):
    assert 'alt="Young trees along the school fence"' in client.get(_url(record)).content.decode()


@pytest.mark.parametrize(
    ("role", "updates"),
    [
        ("anonymous", False),
        ("participant", False),
        ("resident", False),
        ("moderator", False),
        ("other_coordinator", False),
        ("official", True),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_it_links_officials_to_the_staff_pages(client, people, record, role, updates):
    sign_in(client, people[role])
    content = client.get(_url(record)).content.decode()
    for name in ("implementation_update", "milestone_add", "photo_add"):
        assert (reverse(f"decisions:{name}", kwargs={"pk": record.pk}) in content) is updates


def test_it_builds_the_page_in_a_few_queries(client, record, django_assert_max_num_queries):
    client.get(_url(record))
    with django_assert_max_num_queries(10):
        client.get(_url(record))
