"""E-mail alerts in a real browser: a coordinator narrows the list to a theme, asks for
e-mail about new practices like these, confirms from the e-mail, gets a digest when a
matching practice is published, and stops the alerts from its link. The pages pass axe
(WCAG 2.1 A/AA) and do not scroll sideways on a phone."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from alerts.models import Subscription
from alerts.services import digests_send
from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, token_make
from outbox.models import OutgoingEmail
from practices.models import Theme
from tests.browser.pages import go
from tests.browser.test_accessibility import PHONE, assert_no_violations
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db(transaction=True)

THEME = "mentoring-and-peer-support"
ADDRESS = "liisa@pienikunta.example.org"


@pytest.fixture
def fast_forms(demo, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def path_of_link(message: OutgoingEmail, part: str) -> str:
    return re.search(rf"https?://[^/\s]+(/\S*{part}\S*)", message.body).group(1)


def test_a_coordinator_subscribes_confirms_gets_a_digest_and_unsubscribes(page, fast_forms):
    go(page, f"/en/good-practices/?theme={THEME}")
    page.get_by_role("link", name="Get e-mail about new practices like these").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Get e-mail about new practices like these"
    )
    expect(page.locator(".alert-filter")).to_contain_text("Mentoring and peer support")
    page.get_by_label("Your e-mail address").fill(ADDRESS)
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("status")).to_contain_text("confirmation link is on its way")

    confirmation = OutgoingEmail.objects.get(to=ADDRESS)
    go(page, path_of_link(confirmation, "/alerts/confirm/"))
    page.get_by_role("button", name="Confirm the alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your e-mail alerts are on")
    assert Subscription.objects.get(email=ADDRESS).is_confirmed

    PracticeFactory(title_en="Peer mentors for parents", themes=[Theme.objects.get(slug=THEME)])
    PracticeFactory(title_en="Something else entirely")
    assert digests_send() == 1
    digest = OutgoingEmail.objects.filter(to=ADDRESS).exclude(pk=confirmation.pk).get()
    assert "Peer mentors for parents" in digest.body
    assert "Something else entirely" not in digest.body

    go(page, path_of_link(digest, "/alerts/unsubscribe/"))
    page.get_by_role("button", name="Stop the alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The alerts have been stopped")
    assert not Subscription.objects.exists()


def alert_pages(lang: str) -> dict[str, str]:
    """Each page of the alerts, for a confirmed and an unconfirmed subscription."""
    waiting = Subscription.objects.create(
        email=f"waiting-{lang}@example.org",
        query=f"size=small&theme={THEME}",
        language=lang,
        requested_at="2026-01-01T00:00Z",
    )
    confirmed = Subscription.objects.create(
        email=f"confirmed-{lang}@example.org",
        query=f"q=mentor&theme={THEME}",
        language=lang,
        requested_at="2026-01-01T00:00Z",
        confirmed_at="2026-01-01T00:00Z",
        sent_until="2026-01-01T00:00Z",
    )
    with translation.override(lang):
        return {
            "subscribe": reverse("alerts:subscribe") + f"?theme={THEME}&size=small",
            "subscribe to a search": reverse("alerts:subscribe") + "?q=mentor",
            "subscribe to a filter that does not exist": reverse("alerts:subscribe")
            + "?theme=nonexistent",
            "confirm": reverse("alerts:confirm", args=[token_make(waiting, salt=CONFIRM_SALT)]),
            "unsubscribe": reverse(
                "alerts:unsubscribe", args=[token_make(confirmed, salt=UNSUBSCRIBE_SALT)]
            ),
            "broken link": reverse("alerts:unsubscribe", args=["broken"]),
        }


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_alert_pages_have_no_wcag_violations(page, fast_forms, lang):
    paths = alert_pages(lang)
    for name, path in paths.items():
        page.goto(page.base_url + path)
        assert_no_violations(page, f"{lang} {name}")
    go(page, paths["subscribe"])
    page.locator("form.practice-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} subscribe with errors")
    page.locator("#id_email").fill(f"someone-{lang}@example.org")
    page.locator("form.practice-form button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_no_violations(page, f"{lang} subscribed")


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_the_alert_pages_do_not_scroll_sideways_on_a_phone(page, fast_forms):
    paths = [f"/fi/hyvat-kaytannot/?theme={THEME}", *alert_pages("fi").values()]
    paths += list(alert_pages("sv").values())
    for path in paths:
        page.goto(page.base_url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
