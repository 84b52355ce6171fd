from django.core.cache import cache

from metroagora.core.ratelimit import allow, parse_rate
from metroagora.network.models import Membership


def test_it_parses_rates():
    assert parse_rate("30/m") == (30, 60)
    assert parse_rate("5/h") == (5, 3600)


def test_it_allows_up_to_the_limit_then_refuses():
    cache.clear()
    results = [allow("test", "someone", "3/m") for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_it_counts_people_separately():
    cache.clear()
    assert allow("test", "a", "1/m")
    assert allow("test", "b", "1/m")
    assert not allow("test", "a", "1/m")


def test_it_answers_too_many_writes_with_429_and_saves_nothing(client, roles, settings):
    cache.clear()
    settings.RATE_LIMITS = {"network.write": "1/m"}
    client.force_login(roles.participant)
    url = f"/en/cities/{roles.other_city.slug}/residence/"
    assert client.post(url).status_code == 302
    response = client.post(f"/en/cities/{roles.city.slug}/residence/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert not Membership.objects.filter(user=roles.participant, city=roles.city).exists()


def test_it_also_limits_many_accounts_from_one_address(client, roles, settings):
    from metroagora.accounts.tests.factories import UserFactory

    cache.clear()
    settings.RATE_LIMITS = {"network.write": "5/m", "network.write.ip": "2/m"}
    statuses = []
    for _ in range(3):
        client.force_login(UserFactory())
        statuses.append(client.post(f"/en/cities/{roles.city.slug}/residence/").status_code)
    assert statuses == [302, 302, 429]
