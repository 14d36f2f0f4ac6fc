"""A NUL character anywhere in a request is refused before any of it reaches the database.

PostgreSQL cannot store or compare text with a NUL in it: `/api/v1/practices/%00/`,
the status page with `%00` as its token, an admin filter with `%00` or a session
cookie with an octal-escaped NUL were server errors there. The walk below sends a
NUL through every URL pattern of the project (public pages, the API and the admin,
as an editor): in each captured part of the address, and in every parameter a page
offers in its links and forms.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.management import call_command

from tests.website.addresses import CAPTURE, every_address

pytestmark = pytest.mark.django_db

NUL = "\x00"
# Parameters some page reads although no link of it shows them.
COMMON_PARAMETERS = {"q", "o", "p", "e", "page", "page_size", "sort", "type", "lang", "term"}


class OfferedParameters(HTMLParser):
    """The names a page offers to send back to itself, in its links and its forms.

    The API's parameters are read from its OpenAPI schema.
    """

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.get: set[str] = set()
        self.post: set[str] = set()
        self.form: set[str] | None = None

    def own(self, address: str) -> bool:
        return urlsplit(address).path in ("", self.path)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and "?" in attrs.get("href", "") and self.own(attrs["href"]):
            query = urlsplit(attrs["href"]).query
            self.get.update(name for name, _value in parse_qsl(query, keep_blank_values=True))
        elif tag == "form":
            method = attrs.get("method", "get").lower()
            own = self.own(attrs.get("action", ""))
            self.form = (self.post if method == "post" else self.get) if own else None
        elif tag in ("input", "select", "textarea", "button") and self.form is not None:
            if attrs.get("name"):
                self.form.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def refused(response, address) -> str | None:
    """None if the answer is the 400 for a NUL character, else what it was."""
    expected_type = "application/json" if address.startswith("/api/") else "text/html"
    if response.status_code == 400 and response["Content-Type"].startswith(expected_type):
        return None
    return f"{response.status_code} {response['Content-Type']}"


def api_parameters(client) -> dict[str, set[str]]:
    """The parameters of each address of the API, from the OpenAPI schema it serves."""
    paths = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    return {
        path: {
            name["name"] for operation in item.values() for name in operation.get("parameters", [])
        }
        for path, item in paths.items()
    }


def requests_with_nul(client, address: str, api: dict[str, set[str]]):
    """(method, path, data): a NUL in each captured part, or in each parameter the page offers."""
    if CAPTURE in address:
        yield "GET", address.replace(CAPTURE, f"1{NUL}"), {}
        yield "GET", address.replace(CAPTURE, "1"), {"q": NUL}
        return
    page = client.get(address)
    offered = OfferedParameters(address)
    if page.get("Content-Type", "").startswith("text/html"):
        offered.feed(page.content.decode())
    for name in sorted(offered.get | api.get(address, set()) | COMMON_PARAMETERS):
        yield "GET", address, {name: NUL}
    if offered.post:
        yield "POST", address, dict.fromkeys(offered.post, NUL)


def test_a_nul_character_anywhere_in_any_address_or_form_is_a_400(demo, editor_client):
    client = editor_client
    client.raise_request_exception = False
    api = api_parameters(client)
    walked = every_address()
    assert len(walked) > 150, "the walk reaches the public pages, the API and the admin"
    failures = []
    for address in walked:
        for method, path, data in requests_with_nul(client, address, api):
            if method == "GET":
                response = client.get(f"{path}?{urlencode(data)}" if data else path)
            else:
                response = client.post(path, data)
            if problem := refused(response, path):
                failures.append(f"{method} {path!r} {data}: {problem}")
    assert failures == []


def test_a_session_cookie_with_a_nul_character_is_a_400(client):
    # The cookie parser reads octal escapes in a quoted value: \000 is a NUL.
    response = client.get("/en/admin/", HTTP_COOKIE='sessionid="' + "\\000" * 32 + '"')

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("/fi/hyvat-kaytannot/?theme=%00", "Pyyntöä ei voitu käsitellä"),
        ("/sv/god-praxis/%00/", "Begäran kunde inte hanteras"),
        ("/en/search/?q=%00", "The request could not be handled"),
    ],
)
def test_the_400_page_is_in_the_language_of_the_address(client, address, words):
    response = client.get(address)

    assert response.status_code == 400
    assert words in response.content.decode()


def test_the_api_refuses_a_nul_character_in_json(client):
    for address in ("/api/v1/practices/%00/", "/api/v1/practices/?theme=%00"):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 400
        assert response.json() == {"detail": "Malformed request."}


def test_a_refused_host_header_gets_the_400_page_too(client, settings):
    settings.ALLOWED_HOSTS = ["catalogue.example"]

    response = client.get("/sv/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert "Begäran kunde inte hanteras" in response.content.decode()
