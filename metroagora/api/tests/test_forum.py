"""Debates and contributions: visible ones only, authors by public name, posting."""

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api.tests.conftest import assert_error_body, make_token
from metroagora.forum.models import Contribution, UserBlock, Visibility
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.practices.tests.factories import PracticeFactory

POST = {"text": "Cities should have a seat at the table.", "stance": "for", "language": "en"}


def test_it_lists_the_forum_debates_in_constant_queries(client, db, django_assert_max_num_queries):
    lyon = CityFactory(slug="lyon")
    for n in range(25):
        debate = DebateFactory(slug=f"d{n}", city=lyon if n % 2 else None)
        ContributionFactory(debate=debate)
    ContributionFactory(debate=DebateFactory(slug="d-hidden"), visibility=Visibility.HIDDEN)
    qa = DebateFactory(slug="practice-qa")
    PracticeFactory(published=True, qa_debate=qa)
    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/debates?limit=50").json()
    slugs = [d["slug"] for d in data["results"]]
    assert "practice-qa" not in slugs and len(slugs) == 26
    counts = {d["slug"]: d["contribution_count"] for d in data["results"]}
    assert counts["d3"] == 1 and counts["d-hidden"] == 0
    assert [d["slug"] for d in client.get("/api/v1/debates?city=lyon").json()["results"]][:1]
    assert client.get("/api/v1/debates?status=closed").json()["count"] == 0
    assert client.get("/api/v1/debates/practice-qa").status_code == 404


def test_it_gives_a_debate_with_its_stance_balance(client, db):
    debate = DebateFactory(slug="cars")
    ContributionFactory(debate=debate, stance="for")
    ContributionFactory(debate=debate, stance="against")
    ContributionFactory(debate=debate, stance="against", visibility=Visibility.PENDING)
    data = client.get("/api/v1/debates/cars").json()
    assert data["stances"] == {"for": 1, "against": 1, "neutral": 0}
    assert data["question"]["text"].startswith("Question number")


def test_it_lists_visible_contributions_with_public_names_only(
    client, db, django_assert_max_num_queries
):
    debate = DebateFactory(slug="cars")
    author = UserFactory(display_name="Ana Public", email="ana.private@example.org")
    root = ContributionFactory(debate=debate, author=author)
    for _n in range(40):
        ContributionFactory(parent=root)
    ContributionFactory(debate=debate, visibility=Visibility.HIDDEN, text="hidden words")
    ContributionFactory(debate=debate, visibility=Visibility.PENDING, text="held words")
    ContributionFactory(debate=debate, visibility=Visibility.DELETED, text="")
    with django_assert_max_num_queries(3):  # the debate, count, page with authors
        response = client.get("/api/v1/debates/cars/contributions?limit=50")
    data = response.json()
    assert data["count"] == 41
    first = data["results"][0]
    assert first["author"] == {"name": "Ana Public", "verified_policymaker": False}
    assert first["reply_count"] == 40 and first["thread"] == root.pk
    assert b"hidden words" not in response.content and b"held words" not in response.content
    assert b"ana.private" not in response.content
    top = client.get("/api/v1/debates/cars/contributions?depth=0").json()
    assert [c["id"] for c in top["results"]] == [root.pk]
    thread = client.get(f"/api/v1/debates/cars/contributions?thread={root.pk}&sort=newest")
    assert thread.json()["count"] == 41
    assert client.get("/api/v1/debates/cars/contributions?stance=against").json()["count"] == 0


def test_it_posts_a_contribution_and_a_reply(db, post_json, client):
    DebateFactory(slug="cars")
    user = UserFactory(display_name="Ana")
    raw = make_token(user, scopes=("contribute",))
    response = post_json("/api/v1/debates/cars/contributions", POST, token=raw)
    assert response.status_code == 201, response.content
    posted = response.json()
    assert posted["author"]["name"] == "Ana" and posted["held_for_review"] is False
    assert posted["thread"] == posted["id"] and posted["depth"] == 0
    reply = post_json(
        "/api/v1/debates/cars/contributions",
        {**POST, "stance": "against", "parent": posted["id"]},
        token=raw,
    ).json()
    assert reply["parent"] == posted["id"] and reply["depth"] == 1
    assert Contribution.objects.filter(author=user).count() == 2
    assert client.get("/api/v1/debates/cars/contributions").json()["count"] == 2


def test_new_accounts_may_wait_for_a_moderator(db, post_json, settings):
    settings.FORUM_HOLD_FIRST = 1
    DebateFactory(slug="cars")
    raw = make_token(scopes=("contribute",))
    posted = post_json("/api/v1/debates/cars/contributions", POST, token=raw).json()
    assert posted["held_for_review"] is True


def test_it_refuses_posts_it_must_refuse(db, post_json):
    DebateFactory(slug="closed", status="closed")
    other_debate = ContributionFactory()
    DebateFactory(slug="cars")
    raw = make_token(scopes=("contribute",))
    assert_error_body(post_json("/api/v1/debates/closed/contributions", POST, token=raw), 409)
    data = assert_error_body(
        post_json(
            "/api/v1/debates/cars/contributions", {**POST, "parent": other_debate.pk}, token=raw
        ),
        422,
    )
    assert data["errors"][0]["loc"] == ["body", "parent"]
    data = assert_error_body(
        post_json("/api/v1/debates/cars/contributions", {**POST, "language": "xx"}, token=raw),
        422,
    )
    assert data["errors"][0]["loc"] == ["body", "language"]
    assert_error_body(post_json("/api/v1/debates/nowhere/contributions", POST, token=raw), 404)
    assert not Contribution.objects.filter(debate__slug="cars").exists()


def test_a_blocked_person_cannot_post(db, post_json):
    DebateFactory(slug="cars")
    user = UserFactory()
    UserBlock.objects.create(user=user, reason="Spam")
    raw = make_token(user, scopes=("contribute",))
    assert_error_body(post_json("/api/v1/debates/cars/contributions", POST, token=raw), 403)
