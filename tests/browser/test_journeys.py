"""The main journeys through the catalogue, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import Criterion
from submissions.models import Call, Submission
from tests.browser.pages import go
from tests.factories import ReviewFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def make_pdf(tmp_path):
    path = tmp_path / "kuvaus.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    return path


def test_visitor_in_swedish_filters_opens_a_practice_and_switches_to_finnish(page, demo):
    go(page, "/sv/god-praxis/")
    page.locator("summary", has_text="Tema").click()
    page.get_by_label("Mentorskap och kamratstöd").check()
    page.locator("summary", has_text="Kommunens storlek").click()
    page.get_by_role("checkbox", name=re.compile("Stor")).check()
    page.get_by_role("button", name="Visa praxis").click()
    expect(page).to_have_url(re.compile(r"[?&]theme=mentoring-and-peer-support(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]size=large(&|$)"))
    page.get_by_role("link", name="VertaisKoto-modellen").click()
    expect(page).to_have_url(re.compile(r"/sv/god-praxis/vertaiskoto-malli/$"))
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="suomi").click()
    expect(page).to_have_url(re.compile(r"/fi/hyvat-kaytannot/vertaiskoto-malli/$"))
    expect(page.locator("h1")).to_have_text("VertaisKoto-malli")


def fill_submission(page, email="maija@example.org"):
    page.fill("#id_title", "Kielikahvila vanhemmille")
    page.fill("#id_organisation", "Esimerkkiyhdistys ry")
    page.fill("#id_summary", "Vanhemmat harjoittelevat suomea lastensa koulun tiloissa.")
    page.fill("#id_goal", "Vanhempien kielitaito ja yhteys kouluun.")
    page.fill("#id_how_it_works", "Tapaamiset viikoittain koululla.")
    page.fill("#id_results", "Osallistujien palaute.")
    page.fill("#id_resources", "Ohjaajan työaika.")
    page.fill("#id_adoption", "Koulun tilat ja ohjaaja.")
    for field in page.locator("textarea[name^='criterion_']").all():
        field.fill("Täyttyy, koska toiminta lähtee vanhempien tarpeista.")
    page.fill("#id_contact_name", "Maija Meikäläinen")
    page.fill("#id_contact_email", email)
    page.check("#id_consent")


def test_coordinator_fixes_a_mistake_without_retyping_and_gets_a_reference(
    page, demo, settings, tmp_path
):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    go(page, "/fi/kaytantohaut/jaa-hyva-kaytantosi/")
    fill_submission(page, email="maija@")
    page.get_by_role("button", name="Lähetä ehdotus").click()
    # The answer is the same address; wait for its summary rather than the old page.
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert summary.get_attribute("role") == "alert"
    summary.get_by_role("link", name=re.compile("Sähköpostiosoite")).click()
    assert page.evaluate("document.activeElement.id") == "id_contact_email"
    # Everything typed is still there.
    assert page.input_value("#id_title") == "Kielikahvila vanhemmille"
    assert page.input_value("#id_how_it_works") == "Tapaamiset viikoittain koululla."
    assert page.is_checked("#id_consent")
    page.fill("#id_contact_email", "maija@example.org")
    page.set_input_files("#id_attachments", str(make_pdf(tmp_path)))
    page.get_by_role("button", name="Lähetä ehdotus").click()
    page.wait_for_url(re.compile(r"/fi/ehdotus/"))
    expect(page.locator("main")).to_contain_text("Kiitos! Ehdotuksesi on vastaanotettu.")
    reference = page.locator("h1").inner_text().split()[-1]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    submission = Submission.objects.get(reference=reference)
    assert submission.attachments.get().original_name == "kuvaus.pdf"


def log_in(page, username, password="a-long-test-password"):
    go(page, "/en/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def submission_in_review(demo):
    call = Call.objects.get(slug="jaa-hyva-kaytantosi")
    juror = UserFactory(username="juuri", first_name="Juuri", groups=["Jury"])
    colleague = UserFactory(username="kollega", first_name="Kollega", groups=["Jury"])
    call.jurors.add(juror, colleague)
    submission = SubmissionFactory(call=call, status="in_review", title="Kielikahvila vanhemmille")
    review = ReviewFactory(
        submission=submission,
        juror=colleague,
        comment_for_submitter="Kollegan havainto",
        confidential_comment="Kollegan luottamuksellinen",
    )
    for criterion in Criterion.objects.all():
        review.scores.create(
            criterion=criterion,
            score=2,
            comment_for_submitter="Kollegan kommentti",
            confidential_comment="Vain raadille",
        )
    return submission


def test_jury_member_scores_and_sees_others_only_afterwards(page, submission_in_review):
    log_in(page, "juuri")
    go(page, "/en/admin/submissions/submission/")
    page.get_by_role("link", name=submission_in_review.reference).click()
    page.wait_for_url(re.compile(rf"/submission/{submission_in_review.pk}/change/"))
    assert "Kollegan havainto" not in page.content()
    assert "maija@example.org" not in page.content()
    page.get_by_role("link", name="Score this submission").click()
    page.wait_for_selector("input[type=radio][value='3']")
    for fieldset in page.locator("input[type=radio][value='3']").all():
        fieldset.check()
    page.select_option("#id_recommendation", "recommend")
    page.fill("#id_comment_for_submitter", "Selkeä ja toistettava malli.")
    page.fill("#id_confidential_comment", "Raadille: kustannukset epäselvät.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    go(page, f"/en/admin/submissions/submission/{submission_in_review.pk}/change/")
    assert "Kollegan havainto" in page.content()


def test_editor_accepts_publishes_and_the_visitor_finds_it_by_search(
    page, submission_in_review, chromium
):
    UserFactory(username="toimittaja", groups=["Editors"])
    log_in(page, "toimittaja")
    go(page, f"/en/admin/submissions/submission/{submission_in_review.pk}/change/")
    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Accept").check()
    page.fill("#id_reason", "Strong and clear.")
    page.fill("#id_feedback", "Raati piti mallia selkeänä.")
    page.get_by_role("button", name="Record the decision and tell the submitter").click()
    page.get_by_role("link", name="Publish as practice").click()
    page.get_by_role("button", name="Make the draft practice").click()
    page.wait_for_url(re.compile(r"/admin/practices/practice/\d+/change/"))
    page.select_option("#id_status", "published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    visitor = chromium.new_page()
    try:
        visitor.goto(page.base_url + "/fi/haku/?q=kielikahvila")
        assert visitor.get_by_role("link", name="Kielikahvila vanhemmille").count() == 1
        visitor.get_by_role("link", name="Kielikahvila vanhemmille").click()
        visitor.wait_for_url(re.compile(r"/fi/hyvat-kaytannot/[\w-]+/$"))
        public = visitor.content()
        for jury_text in ("Kollegan", "Vain raadille", "Strong and clear."):
            assert jury_text not in public  # no juror's words, no internal reason
    finally:
        visitor.close()


def test_closed_call_shows_no_form(page, demo):
    go(page, "/en/calls/mentoroinnin-hyvat-kaytannot-2018/")
    assert page.locator("form[enctype='multipart/form-data']").count() == 0
    assert "This call is closed" in page.content()


def tab_to(page, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element has focus; fail if the keyboard cannot reach it."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def test_the_whole_submission_form_with_the_keyboard_alone(page, demo, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    go(page, "/en/calls/jaa-hyva-kaytantosi/")
    texts = {
        "id_title": "Keyboard practice",
        "id_organisation": "Keyboard association",
        "id_summary": "A practice typed without a mouse.",
        "id_goal": "Goal.",
        "id_how_it_works": "Steps.",
        "id_results": "Results.",
        "id_resources": "Resources.",
        "id_adoption": "Requirements.",
    }
    for element_id, text in texts.items():
        tab_to(page, element_id)
        page.keyboard.type(text)
    tab_to(page, "id_themes_0")
    page.keyboard.press("Space")
    criteria = page.locator("textarea[name^='criterion_']").evaluate_all(
        "els => els.map(e => e.id)"
    )
    for element_id in criteria:
        tab_to(page, element_id)
        page.keyboard.type("Met.")
    tab_to(page, "id_contact_name")
    page.keyboard.type("Kim Keyboard")
    tab_to(page, "id_contact_email")
    page.keyboard.type("kim@example.org")
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the link to the privacy notice
    page.keyboard.press("Tab")  # the send button
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/submission/"))
    assert "Thank you! Your submission has been received." in page.content()
