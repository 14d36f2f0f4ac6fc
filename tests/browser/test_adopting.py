"""From reading to adopting, in a real browser: a coordinator finds a practice used
elsewhere, asks its owner about it, and later reports that they use it too. The new
pages pass axe (WCAG 2.1 A/AA) and do not scroll sideways on a phone."""

import re

import pytest
from playwright.sync_api import expect

from outbox.models import OutgoingEmail
from practices.models import Adoption, ContactMessage, Municipality, Practice
from tests.browser.pages import go
from tests.browser.test_accessibility import PHONE, assert_no_violations

pytestmark = pytest.mark.django_db(transaction=True)

OWNER = "vertaiskoto@example.org"


@pytest.fixture
def practice(demo, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    Practice.objects.filter(slug="vertaiskoto-malli").update(contact_email=OWNER)
    return Practice.objects.get(slug="vertaiskoto-malli")


def test_a_coordinator_finds_a_practice_asks_its_owner_and_reports_using_it(page, practice):
    go(page, "/en/good-practices/")
    page.locator("summary", has_text="Used also elsewhere").click()
    page.get_by_label("In at least 2 places").check()
    page.get_by_role("button", name="Show practices").click()
    expect(page).to_have_url(re.compile(r"[?&]used_in=2(&|$)"))
    page.get_by_role("link", name="VertaisKoto model").click()
    expect(page.get_by_role("heading", name="Used also in")).to_be_visible()
    expect(page.locator("text=2 places reported")).to_be_visible()
    assert OWNER not in page.content()

    # The form is on the practice page, behind a disclosure; it is checked, then sent.
    page.locator("summary", has_text="Contact the owner").click()
    form = page.locator("#contact-owner")
    form.get_by_label("Your name").fill("Liisa Virtanen")
    form.get_by_label("Your e-mail address").fill("liisa@example.org")
    form.locator("[name=message]").fill("How many peer guides did a group of ten families need?")
    form.get_by_label("I agree that my message").check()
    form.get_by_role("button", name="Check the message").click()
    expect(page.get_by_role("status")).to_contain_text("has not been sent yet")
    expect(page.locator("#id_message")).to_have_value(
        "How many peer guides did a group of ten families need?"
    )
    assert not ContactMessage.objects.exists()
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message has been sent")
    assert ContactMessage.objects.filter(practice=practice).count() == 1
    assert OutgoingEmail.objects.filter(to=OWNER).count() == 1

    # Later, the report too is made on the practice page, behind its own disclosure.
    page.get_by_role("link", name="Back to the practice").click()
    page.locator("summary", has_text="Do you use this practice?").click()
    form = page.locator("#report-use")
    expect(form).to_contain_text("once an editor has approved the report")
    form.get_by_label("Organisation").fill("Pieni kunta")
    form.get_by_label("Municipality").select_option(label="Kuhmo")
    form.get_by_label("Year taken into use").fill("2099")
    form.get_by_label("What did you change or adapt?").fill("Fewer meetings in the winter.")
    form.get_by_label("How did it go?").fill("Eight families took part.")
    form.get_by_role("button", name="Check the report").click()
    # A mistake: the error summary, focused, names it, and nothing typed is lost.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("cannot be later than this year")
    expect(page.get_by_label("How did it go?")).to_have_value("Eight families took part.")
    expect(page.get_by_label("Municipality")).to_have_value(
        str(Municipality.objects.current().get(name_fi="Kuhmo").pk)
    )
    assert not Adoption.objects.filter(organisation="Pieni kunta").exists()
    summary.get_by_role("link").click()
    page.get_by_label("Year taken into use").fill("2024")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("once an editor has checked it")
    report = Adoption.objects.get(organisation="Pieni kunta")
    assert (report.year, report.is_approved) == (2024, False)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_new_pages_have_no_wcag_violations(page, practice, lang):
    slug = practice.slug
    paths = {
        "fi": ("/fi/hyvat-kaytannot/", "yhteydenotto/", "kerro-kaytosta/"),
        "sv": ("/sv/god-praxis/", "kontakt/", "beratta-om-anvandning/"),
        "en": ("/en/good-practices/", "contact/", "report-use/"),
    }[lang]
    base = f"{paths[0]}{slug}/"
    for name, path in {
        "practice page with adoptions and related practices": base,
        "list filtered by use": f"{paths[0]}?used_in=1",
        "contact form": base + paths[1],
        "adoption report form": base + paths[2],
    }.items():
        go(page, path)
        assert_no_violations(page, f"{lang} {name}")
    go(page, base)
    page.locator("details.contact-owner summary").click()
    page.locator("details.report-use summary").click()
    assert_no_violations(page, f"{lang} practice page with both forms open")
    page.locator("#contact-owner button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} contact form checked, with errors")
    go(page, base)
    page.locator("details.report-use summary").click()
    page.locator("#report-use button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} adoption report checked, with errors")


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_the_new_pages_do_not_scroll_sideways_on_a_phone(page, practice):
    for path in [  # on the practice page, with its forms open
        "/fi/hyvat-kaytannot/vertaiskoto-malli/",
        "/sv/god-praxis/vertaiskoto-malli/",
        "/fi/hyvat-kaytannot/vertaiskoto-malli/yhteydenotto/",
        "/fi/hyvat-kaytannot/vertaiskoto-malli/kerro-kaytosta/",
        "/sv/god-praxis/vertaiskoto-malli/beratta-om-anvandning/",
    ]:
        go(page, path)
        for disclosure in page.locator("details:is(.contact-owner, .report-use)").all():
            disclosure.locator("summary").click()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
