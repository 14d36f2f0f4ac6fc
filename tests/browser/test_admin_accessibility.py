"""Every admin page an editor or a jury member uses passes axe (WCAG 2.1 A/AA), in
English, Finnish and Swedish: the index, each model's list, its add and change pages and
its history, the outgoing e-mail and the alert subscriptions, and the jury's own pages.

Django's change forms build parts of themselves with scripts (the two-list picker of
`filter_horizontal`, the search box of an autocomplete, modeltranslation's language
tabs); axe runs only after they have been built, so that the result does not depend on
how fast the scripts ran."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from alerts.models import Subscription
from outbox.models import OutgoingEmail
from practices.models import (
    Adoption,
    ContactMessage,
    Criterion,
    IntegrationPhase,
    Municipality,
    Practice,
    Region,
    SelectionRound,
    TargetGroup,
    Theme,
)
from projects.models import Project
from submissions.models import Call, Review, Submission
from tests.browser.pages import go
from tests.browser.test_accessibility import assert_no_violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# What the admin's scripts build, once they have run: nothing left unbuilt.
WIDGETS_BUILT = """() =>
    document.querySelectorAll('select.selectfilter, select.selectfilterstacked').length === 0
    && document.querySelectorAll(
        'select.admin-autocomplete:not(.select2-hidden-accessible)'
        + ':not([name*="__prefix__"])').length === 0
    && (document.querySelectorAll('.mt').length === 0
        || document.querySelector('#modeltranslation-main-switch') !== null)
"""


def log_in(page, username: str) -> None:
    go(page, "/en/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#user-tools")


def violations_on(page, pages: dict[str, str]) -> list[str]:
    """What axe finds on each page, once its widgets are built (every page is checked, so
    that one run tells of all of them)."""
    found = []
    for label, path in pages.items():
        go(page, path)
        page.wait_for_function(WIDGETS_BUILT)
        try:
            assert_no_violations(page, f"{label} ({path})")
        except AssertionError as violations:
            found.append(str(violations))
    return found


def admin_pages_of(model, obj, *, add: bool = True, history: bool = True) -> dict[str, str]:
    """The list, add, change and history pages (and one past version) of a model."""
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    pages = {
        f"list of {opts.verbose_name_plural}": reverse(f"{name}_changelist"),
        f"{opts.verbose_name}": reverse(f"{name}_change", args=[obj.pk]),
    }
    if add:
        pages[f"new {opts.verbose_name}"] = reverse(f"{name}_add")
    if history:
        pages[f"history of a {opts.verbose_name}"] = reverse(f"{name}_history", args=[obj.pk])
    if history and hasattr(obj, "history"):
        version = obj.history.first()
        pages[f"past version of a {opts.verbose_name}"] = reverse(
            f"{name}_simple_history", args=[obj.pk, version.history_id]
        )
    return pages


@pytest.fixture
def newsroom(demo):
    """The demo site with an editor, a jury member of every call and their review."""
    UserFactory(username="toimittaja", groups=["Editors"])
    juror = UserFactory(
        username="juuri", first_name="Juuri", last_name="Arvioijatar", groups=["Jury"]
    )
    for call in Call.objects.all():
        call.jurors.add(juror)
    in_review = Submission.objects.filter(status=Submission.Status.IN_REVIEW).first()
    review = Review.objects.create(submission=in_review, juror=juror, recommendation="recommend")
    ContactMessage.objects.create(
        practice=Practice.objects.published().first(),
        sender_name="Kysyjä",
        sender_email="kysyja@example.org",
        message="Miten aloitimme?",
        language="fi",
        form_token=uuid.uuid4(),
    )
    OutgoingEmail.objects.create(to="kysyja@example.org", subject="Aihe", body="Viesti")
    now = timezone.now()
    Subscription.objects.create(
        email="tilaaja@example.org",
        query="theme=kieli",
        language="fi",
        requested_at=now,
        confirmed_at=now,
        sent_until=now,
    )
    return {"juror": juror, "review": review, "in_review": in_review}


def editors_pages(*, every: bool = True) -> dict[str, str]:
    """The editors' pages; short of `every`, a sample that keeps the run short: each kind
    of page once (a list, a form, a new one, a read-only one, a deletion, the project's
    own pages), leaving out the models and histories built as the practice's are."""
    call = Call.objects.get(slug="jaa-hyva-kaytantosi")
    practice = Practice.objects.get(slug="vertaiskoto-malli")
    pages = {"admin index": reverse("admin:index")}
    models = [
        (Practice, practice, True),
        (Theme, Theme.objects.first(), True),
        (TargetGroup, TargetGroup.objects.first(), True),
        (IntegrationPhase, IntegrationPhase.objects.first(), True),
        (Criterion, Criterion.objects.first(), True),
        (Region, Region.objects.first(), True),
        (Municipality, Municipality.objects.first(), True),
        (SelectionRound, SelectionRound.objects.first(), True),
        (Adoption, Adoption.objects.first(), False),
        (Project, Project.objects.first(), True),
        (Call, call, True),
        (Submission, Submission.objects.get(reference="DEMO-0002"), False),
        (Review, Review.objects.first(), False),
    ]
    for model, obj, add in models:
        if every or model in (Practice, Call, Submission, Review):
            pages.update(admin_pages_of(model, obj, add=add, history=every))
    message = ContactMessage.objects.first()
    pages.update(admin_pages_of(ContactMessage, message, add=False, history=False))
    email = OutgoingEmail.objects.first()
    pages.update(admin_pages_of(OutgoingEmail, email, add=False, history=every))
    subscription = Subscription.objects.first()
    pages.update(admin_pages_of(Subscription, subscription, add=False, history=False))
    pages["deletion of an alert subscription"] = reverse(
        "admin:alerts_subscription_delete", args=[subscription.pk]
    )
    pages.update(
        {
            "progress of a call's jury": reverse("admin:submissions_call_progress", args=[call.pk]),
            "ranking of a call": reverse("admin:submissions_call_ranking", args=[call.pk]),
            "invitation of a jury member": reverse(
                "admin:submissions_call_invite_juror", args=[call.pk]
            ),
            "submitter's personal data": reverse("admin:submissions_personal_data"),
            "password change": reverse("admin:password_change"),
        }
    )
    return pages


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_every_admin_page_an_editor_uses_has_no_wcag_violations(page, newsroom, lang):
    log_in(page, "toimittaja")
    with translation.override(lang):
        chosen = editors_pages(every=lang != "sv")
        pages = {f"{lang} {label}": path for label, path in chosen.items()}
    found = violations_on(page, pages)
    assert not found, "\n\n".join(found)


def test_every_admin_page_a_jury_member_uses_has_no_wcag_violations(page, newsroom):
    log_in(page, "juuri")
    review = newsroom["review"]
    submission = newsroom["in_review"]
    found = violations_on(
        page,
        {
            "the juror's desk": reverse("admin:submissions_review_desk"),
            "list of submissions": reverse("admin:submissions_submission_changelist"),
            "a submission": reverse("admin:submissions_submission_change", args=[submission.pk]),
            "list of reviews": reverse("admin:submissions_review_changelist"),
            "own review": reverse("admin:submissions_review_change", args=[review.pk]),
            "history of own review": reverse("admin:submissions_review_history", args=[review.pk]),
            "new review": reverse("admin:submissions_review_add") + f"?submission={submission.pk}",
        },
    )
    assert not found, "\n\n".join(found)


def test_the_language_tabs_work_by_mouse_and_by_keyboard(page, newsroom):
    """The tabs of a translated field are single controls now: a click on the tab, or
    the arrow keys on it, show that language's box."""
    log_in(page, "toimittaja")
    with translation.override("en"):
        go(page, reverse("admin:practices_theme_add"))
    page.wait_for_function(WIDGETS_BUILT)
    swedish = page.get_by_role("tab", name="sv – Swedish").first
    swedish.click()
    expect(page.locator("#id_name_sv")).to_be_visible()
    expect(page.locator("#id_name_fi")).to_be_hidden()
    expect(swedish).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_name_en")).to_be_visible()
    expect(page.get_by_role("tab", name="en – English").first).to_have_attribute(
        "aria-selected", "true"
    )
