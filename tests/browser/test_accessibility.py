"""WCAG 2.1 AA: axe-core on every public page type in three languages, the jury's admin
pages, phone-sized screens, and what axe cannot see."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from practices.models import Practice
from projects.models import Project
from submissions.models import Call, Submission
from tests.browser.pages import go
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LANGS = ["fi", "sv", "en"]


@pytest.fixture
def pages(demo):
    """One URL of every public page type, per language."""
    # A practice in Finnish only, to check the fallback in the other languages.
    PracticeFactory(
        slug="vain-suomeksi",
        title_fi="Vain suomeksi",
        title_sv="",
        title_en="",
        summary_sv="",
        summary_en="",
        organisation_sv="",
        organisation_en="",
    )
    practice = Practice.objects.get(slug="vertaiskoto-malli")
    project = Project.objects.get(source_id="THL-0002")  # in Finnish only
    submission = Submission.objects.get(reference="DEMO-0003")

    def urls(lang):
        with translation.override(lang):
            return {
                "home": reverse("practices:home"),
                "practice list with filters": reverse("practices:list")
                + "?theme=mentoring-and-peer-support&size=large&theme=nonexistent",
                "practice page": practice.get_absolute_url(),
                "practice in another language": reverse(
                    "practices:detail", kwargs={"slug": "vain-suomeksi"}
                ),
                "criteria": reverse("practices:criteria"),
                "search": reverse("search:search") + "?q=kotoutuminen",
                "search with facets": reverse("search:search")
                + "?q=mentor&type=practices&size=large",
                "search that finds nothing": reverse("search:search") + "?q=zzyzx+asumnen",
                "typed search that finds nothing": reverse("search:search")
                + "?q=kielikahvla&type=calls",
                "calls": reverse("submissions:calls"),
                "open call with its form": reverse(
                    "submissions:call", kwargs={"slug": "jaa-hyva-kaytantosi"}
                ),
                "closed call": reverse(
                    "submissions:call", kwargs={"slug": "mentoroinnin-hyvat-kaytannot-2018"}
                ),
                "submission status": submission.get_status_url(),
                "archive with filters": reverse("projects:list") + "?status=ended&level=local",
                "project page": project.get_absolute_url(),
                "privacy notice": reverse("submissions:privacy"),
                "accessibility statement": reverse("website:accessibility"),
            }

    return urls


def assert_no_violations(page, label):
    page.wait_for_load_state()  # a click's page may still be arriving; check all of it
    already_blocked = len(page.csp_blocked)
    results = Axe().run(page, options=WCAG_AA)
    # axe-core's own checks apply styles, which the policy rightly blocks; not the page's doing.
    del page.csp_blocked[already_blocked:]
    violations = results.response["violations"]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in violations
    ]
    assert not violations, f"{label}: " + "\n".join(details)


@pytest.mark.parametrize("lang", LANGS)
def test_every_public_page_type_has_no_wcag_violations(page, pages, lang):
    for name, path in pages(lang).items():
        go(page, path)
        assert_no_violations(page, f"{lang} {name}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_form_with_errors_shown_has_no_wcag_violations(page, pages, lang, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    go(page, pages(lang)["open call with its form"])
    page.fill("#id_contact_email", "not-an-address")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, f"{lang} form with errors")


def test_a_missing_page_has_no_wcag_violations(page, demo):
    page.goto(page.base_url + "/en/good-practices/no-such-practice/")
    assert_no_violations(page, "404")


@pytest.fixture
def juror_of_every_call(demo):
    user = UserFactory(username="juuri", groups=["Jury"])
    for call in Call.objects.all():
        call.jurors.add(user)
    return user


def test_the_jury_admin_pages_have_no_wcag_violations(page, juror_of_every_call):
    go(page, "/en/admin/login/")
    assert_no_violations(page, "admin log-in")
    page.fill("#id_username", "juuri")
    page.fill("#id_password", "a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    go(page, "/en/admin/submissions/submission/")
    assert_no_violations(page, "admin list of submissions")
    submission = Submission.objects.get(reference="DEMO-0002")
    go(page, f"/en/admin/submissions/review/add/?submission={submission.pk}")
    assert_no_violations(page, "admin review form")
    go(page, "/en/admin/submissions/review/add/")
    assert_no_violations(page, "admin choice of a submission to review")
    # (Error pages: `go` expects a 200.)
    missing = page.goto(page.base_url + "/en/admin/submissions/submission/999999/change/")
    assert missing.status == 404
    assert_no_violations(page, "admin 404")
    refused = page.goto(page.base_url + "/en/admin/submissions/call/1/ranking/")
    assert refused.status == 403
    assert_no_violations(page, "admin 403")


def test_the_editors_new_admin_pages_have_no_wcag_violations(page, demo):
    UserFactory(username="toimittaja", groups=["Editors"])
    go(page, "/en/admin/login/")
    page.fill("#id_username", "toimittaja")
    page.fill("#id_password", "a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    call = Call.objects.first()
    go(page, f"/en/admin/submissions/call/{call.pk}/invite-juror/")
    assert_no_violations(page, "admin invitation of a juror")
    accepted = Submission.objects.get(status="accepted")
    go(page, f"/en/admin/submissions/submission/{accepted.pk}/publish/")
    assert_no_violations(page, "admin publication preview")
    gone = page.goto(page.base_url + "/en/admin/submissions/call/invitation/not-a-token/")
    assert gone.status == 400
    assert_no_violations(page, "invitation link that no longer works")


PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_no_horizontal_scrolling_on_a_phone(page, pages):
    for lang in LANGS:
        for name, path in pages(lang).items():
            go(page, path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{lang} {name} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_on_a_phone_the_results_come_first_and_filter_n_opens_the_filters(page, demo):
    """Without any script: the filters open from a link (CSS :target) and say how many
    choices are ticked once applied."""
    go(page, "/en/good-practices/")
    results = page.locator("#results-heading").bounding_box()
    assert results["y"] < PHONE["height"], "the results start on the first screen"
    expect(page.locator("#filters")).to_be_hidden()

    page.get_by_role("link", name="Filter").click()
    expect(page.locator("#filters")).to_be_visible()
    page.locator("summary", has_text="Municipality size").click()
    small = page.locator("input[type=checkbox][name=size][value=small]")
    small.scroll_into_view_if_needed()
    small.check()
    page.get_by_role("button", name="Show practices").click()
    page.wait_for_url(re.compile("size=small"))

    expect(page.locator("#filters")).to_be_hidden()
    toggle = page.locator(".filters-toggle a")
    expect(toggle).to_have_text("Filter (1 selected)")
    toggle.click()
    expect(page.locator("input[type=checkbox][name=size][value=small]")).to_be_checked()


def test_the_filters_need_no_script_on_a_phone(chromium, live_server, demo):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/good-practices/")
    expect(page.locator("#filters")).to_be_hidden()
    page.get_by_role("link", name="Filter").click()
    expect(page.locator("#filters")).to_be_visible()
    context.close()


# What axe cannot see -------------------------------------------------------------


def test_skip_link_is_first_and_moves_to_the_main_content(page, demo):
    go(page, "/fi/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["skip-link", "#main"]
    assert page.locator(".skip-link").is_visible()  # visible while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_landmarks_and_one_h1_on_every_page(page, pages):
    for lang in LANGS:
        for name, path in pages(lang).items():
            go(page, path)
            counts = page.evaluate(
                """() => ({
                    h1: document.querySelectorAll('h1').length,
                    main: document.querySelectorAll('main').length,
                    header: document.querySelectorAll('body > header').length,
                    footer: document.querySelectorAll('body > footer').length,
                    nav: document.querySelectorAll('nav[aria-label]').length,
                })"""
            )
            assert counts["h1"] == 1, f"{lang} {name}: {counts['h1']} h1 elements"
            assert counts["main"] == counts["header"] == counts["footer"] == 1, (
                f"{lang} {name}: {counts}"
            )
            assert counts["nav"] >= 2, f"{lang} {name}: navigation without a name"


def test_focus_is_visible_on_everything_the_keyboard_reaches(page, demo):
    go(page, "/en/good-practices/")
    reached = 0
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last focusable element
        reached += 1
        style = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                       return [e.tagName, s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""
        )
        tag, outline, width, shadow = style
        assert (outline != "none" and width != "0px") or shadow != "none", (
            f"no visible focus on {tag}"
        )
    assert reached > 20


def test_form_errors_are_tied_to_their_fields(page, demo, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    go(page, "/en/calls/jaa-hyva-kaytantosi/")
    page.fill("#id_contact_email", "not-an-address")
    page.locator("form[enctype] button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # the script moves focus to it
    assert summary.get_attribute("role") == "alert"
    for link in summary.locator("a").all()[:5]:
        target = link.get_attribute("href").lstrip("#")
        assert page.locator(f"#{target}").count() == 1, f"summary link to missing #{target}"
    email = page.locator("#id_contact_email")
    assert email.get_attribute("aria-invalid") == "true"
    for described in email.get_attribute("aria-describedby").split():
        assert page.locator(f"#{described}").count() == 1
    assert "Enter a valid email address." in page.locator("#id_contact_email_errors").inner_text()


def test_text_in_another_language_is_marked_with_it(page, pages):
    go(page, pages("sv")["practice in another language"])
    assert page.locator("h1").get_attribute("lang") == "fi"
    assert page.locator("html").get_attribute("lang") == "sv"
    go(page, pages("en")["project page"])
    assert page.locator("h1").get_attribute("lang") == "fi"


def test_text_can_be_resized_to_200_percent_without_losing_content(page, pages):
    for name, path in pages("fi").items():
        go(page, path)
        # Browser zoom of text only: double the root font size.
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name}: sideways scrolling at 200% text size ({overflow}px)"
