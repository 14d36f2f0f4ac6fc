"""The jury's and editors' pages in Chromium at 1280 px: a jury member's desk, the grid of
scores from the keyboard, and the editors' progress and ranking of a call, each fitting
the screen and with no WCAG 2.1 A/AA violations found by axe."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practices.models import Criterion
from submissions.models import Call, Review
from tests.browser.pages import go
from tests.browser.test_accessibility import assert_no_violations
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username):
    go(page, "/en/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.get_by_role("button", name="Log in").click()


def fits_the_screen(page, label):
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('body *')).filter(e => "
        "e.getBoundingClientRect().right > document.documentElement.clientWidth)"
        ".slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '"
        " + Math.round(e.getBoundingClientRect().right))"
    )
    assert widths[0] <= widths[1], f"{wide} {label}: {widths[0]} px wide in a {widths[1]} px window"


def headings_break_only_between_words(page, label):
    """No word of a table's column heading is split over two lines ("REFERE / NCE")."""
    split = page.evaluate(
        """() => {
            const split = [];
            const walker = document.createTreeWalker(
                document.querySelector('.jury-table thead'), NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const word of node.data.matchAll(/[^\\s-]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, word.index);
                    range.setEnd(node, word.index + word[0].length);
                    const lines = new Set(Array.from(range.getClientRects(), r => r.top));
                    if (lines.size > 1) split.push(word[0]);
                }
            }
            return split;
        }"""
    )
    assert split == [], f"{label}: words split in the headings: {split}"


@pytest.fixture
def jury_at_work(demo):
    call = Call.objects.get(slug="jaa-hyva-kaytantosi")
    call.reviews_due = timezone.localdate() + datetime.timedelta(days=2)
    call.save()
    juror = UserFactory(
        username="juuri", first_name="Juuri", last_name="Arvioijatar", groups=["Jury"]
    )
    colleague = UserFactory(
        username="kollega", first_name="Kollega", last_name="Pitkänimi-Virtanen", groups=["Jury"]
    )
    call.jurors.add(juror, colleague)
    UserFactory(username="toimittaja", groups=["Editors"])
    long_title = (
        "Kielikahvila vanhemmille ja isovanhemmille: keskusteluryhmät kirjastoissa, "
        "kouluissa ja asukastaloissa kaikkialla maakunnassa"
    )
    submissions = [
        SubmissionFactory(call=call, status="in_review", title=f"{long_title} {n}")
        for n in range(4)
    ]
    for submission in submissions[:2]:
        review = Review.objects.create(
            submission=submission, juror=colleague, recommendation="recommend"
        )
        for n, criterion in enumerate(Criterion.objects.all()):
            review.scores.create(criterion=criterion, score=n % 4)
    return {"call": call, "submissions": submissions}


def test_jury_member_lands_on_the_desk_and_scores_from_the_keyboard(page, jury_at_work):
    log_in(page, "juuri")
    page.wait_for_url(re.compile(r"/en/admin/submissions/review/desk/$"))
    assert_no_violations(page, "the juror's desk")
    fits_the_screen(page, "the juror's desk")
    page.locator(".jury-desk td a").first.click()
    page.wait_for_selector(".score-grid")
    assert_no_violations(page, "the review form with its grid of scores")
    fits_the_screen(page, "the review form")
    # The keyboard: into the first row's radio group, then arrows choose a score.
    first = page.locator(".score-grid input[type=radio]").first
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    checked = page.locator(".score-grid tbody tr").first.locator("input:checked")
    assert checked.get_attribute("value") == "2"
    page.keyboard.press("Tab")  # to the next criterion's group
    page.keyboard.press("ArrowRight")
    second = page.locator(".score-grid tbody tr").nth(1).locator("input:checked")
    assert second.get_attribute("value") == "1"
    go(page, "/en/admin/submissions/submission/")
    fits_the_screen(page, "the juror's list of submissions")
    own = page.locator("#result_list th, #result_list td").nth(1)
    assert own.bounding_box()["x"] + own.bounding_box()["width"] <= 1280


def test_editors_pages_of_a_call_fit_and_pass_axe(page, jury_at_work):
    log_in(page, "toimittaja")
    call = jury_at_work["call"]
    for name, path in [
        ("progress", f"/en/admin/submissions/call/{call.pk}/progress/"),
        ("ranking", f"/en/admin/submissions/call/{call.pk}/ranking/"),
        ("progress in Finnish", f"/fi/admin/submissions/call/{call.pk}/progress/"),
        ("ranking in Swedish", f"/sv/admin/submissions/call/{call.pk}/ranking/"),
        ("ranking in Finnish", f"/fi/admin/submissions/call/{call.pk}/ranking/"),
    ]:
        go(page, path)
        assert_no_violations(page, name)
        fits_the_screen(page, name)
        headings_break_only_between_words(page, name)
    go(page, f"/en/admin/submissions/call/{call.pk}/progress/")
    page.get_by_role("button", name="Remind Juuri Arvioijatar").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "A reminder to Juuri Arvioijatar is on its way."
    )
