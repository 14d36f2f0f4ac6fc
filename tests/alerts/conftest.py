import re
import time

import pytest

from outbox.models import OutgoingEmail
from tests.factories import ThemeFactory
from website.spam import form_token_new

SUBSCRIBE = "/en/alerts/subscribe/"


@pytest.fixture
def housing(db):
    return ThemeFactory(slug="housing", name_en="Housing", name_fi="Asuminen", name_sv="Boende")


@pytest.fixture
def work(db):
    return ThemeFactory(slug="work", name_en="Work", name_fi="Työ", name_sv="Arbete")


@pytest.fixture
def form():
    """What a visitor sends, in a form opened a minute ago."""
    return {
        "form_token": form_token_new(started=time.time() - 60),
        "website": "",
        "email": "liisa@pienikunta.example.org",
    }


def link_in(message: OutgoingEmail, path_part: str) -> str:
    """The path of the first link in the e-mail that has `path_part` in it."""
    match = re.search(rf"https?://[^/\s]+(/\S*{re.escape(path_part)}\S*)", message.body)
    assert match, message.body
    return match.group(1)
