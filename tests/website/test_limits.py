"""What one visitor may ask of the costly pages: a flood of log-ins with ever new user
names, or of searches that loosen their matching, stops at the visitor's rate, with a
page in their language that says when to come back; other visitors go on. A search
served from the shared cache costs nothing and is not counted."""

import pytest

from website.limits import RateLimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(
        RateLimit,
        "THROTTLE_RATES",
        {**RateLimit.THROTTLE_RATES, "login": "3/hour", "search": "3/minute"},
    )


def test_a_flood_of_log_ins_with_new_user_names_stops_at_the_visitors_rate(client, low_rates):
    def attempt(n, address="203.0.113.9"):
        data = {"username": f"nobody{n}", "password": "x" * 12, "next": "/fi/admin/"}
        return client.post("/fi/admin/login/", data, REMOTE_ADDR=address)

    assert [attempt(n).status_code for n in range(3)] == [200, 200, 200]
    flooded = attempt(3)
    assert flooded.status_code == 429
    assert "Liian monta pyyntöä" in flooded.content.decode()
    assert 0 < int(flooded["Retry-After"]) <= 3600
    assert attempt(4, address="198.51.100.4").status_code == 200  # someone else


def test_a_flood_of_searches_stops_at_the_visitors_rate(client, low_rates):
    pages = [client.get(f"/sv/sok/?q=xkqz{n}", REMOTE_ADDR="203.0.113.9") for n in range(4)]
    assert [page.status_code for page in pages] == [200, 200, 200, 429]
    assert "För många förfrågningar" in pages[-1].content.decode()
    assert client.get("/sv/sok/?q=xkqz", REMOTE_ADDR="198.51.100.4").status_code == 200


def test_a_search_served_from_the_cache_is_not_counted(client, low_rates):
    def search(words):
        return client.get(f"/fi/haku/?q={words}", REMOTE_ADDR="203.0.113.9").status_code

    assert [search("kotoutuminen") for _ in range(5)] == [200] * 5  # drawn once
    assert [search("xkqz1"), search("xkqz2"), search("xkqz3")] == [200, 200, 429]
