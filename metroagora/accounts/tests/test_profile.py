import pytest
from django.core.exceptions import PermissionDenied

from metroagora.accounts import services
from metroagora.accounts.tests.factories import UserFactory
from metroagora.network.tests.factories import MembershipFactory


def test_it_requires_sign_in_for_the_profile(client, db):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302


def test_it_shows_roles_on_the_profile(client, db, django_assert_max_num_queries):
    membership = MembershipFactory(role="resident", verified_at=None)
    client.force_login(membership.user)
    with django_assert_max_num_queries(8):
        response = client.get("/en/accounts/profile/")
    assert b"not yet verified" in response.content


def test_it_saves_the_profile(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/edit/",
        {
            "display_name": "Ada",
            "residence_city": "Kraków",
            "residence_country": "PL",
            "preferred_languages": ["pl", "en"],
            "identity": "expert",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, str(user.residence_country), user.identity) == (
        "Ada",
        "PL",
        "expert",
    )
    assert user.preferred_languages == ["en", "pl"] or user.preferred_languages == ["pl", "en"]


def test_it_rejects_an_unknown_country_and_keeps_the_old_profile(client, db):
    user = UserFactory(display_name="Old")
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/edit/",
        {"display_name": "New", "residence_country": "ZZ", "identity": "citizen"},
    )
    assert response.context["form"].errors["residence_country"]
    user.refresh_from_db()
    assert user.display_name == "Old"


def test_it_refuses_to_edit_someone_elses_profile(db):
    with pytest.raises(PermissionDenied):
        services.update_profile(
            UserFactory(),
            UserFactory(),
            display_name="x",
            residence_city="",
            residence_country="",
            preferred_languages=[],
            identity="citizen",
        )


def test_it_lets_only_admins_grant_global_roles(db):
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        services.set_global_roles(UserFactory(is_moderator=True), person, moderator=True)
    services.set_global_roles(UserFactory(is_superuser=True), person, verified_policymaker=True)
    person.refresh_from_db()
    assert person.is_verified_policymaker
    assert not person.is_moderator
