"""Whatever a submitter or an editor writes is shown as text, never run as code."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from practices.models import Practice
from submissions.models import Submission
from tests.factories import (
    CallFactory,
    CriterionAssessmentFactory,
    CriterionFactory,
    PracticeFactory,
    ProjectFactory,
    ReviewFactory,
    ThemeFactory,
)
from website.spam import form_token_new

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "{{ 7|add:7 }}{% now 'Y' %}",
    '<a href="javascript:alert(3)">click</a>',
]
# What would show that a payload became markup instead of text.
DANGEROUS = [
    "<script>alert",
    "<img src=x",
    "<svg/onload",
    'href="javascript:',
    "</textarea><script",
]


def assert_inert(html: str, where: str) -> None:
    for marker in DANGEROUS:
        assert marker not in html, f"{marker!r} unescaped on {where}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_submitted_texts_are_inert_everywhere_they_are_shown(
    client, payload, settings, editor, juror
):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    criteria = [CriterionFactory(slug=f"c{n}") for n in range(2)]
    call = CallFactory(slug="open")
    data = {
        "form_token": form_token_new(started=time.time() - 60),
        "title": payload,
        "organisation": payload,
        "summary": payload,
        "goal": payload,
        "how_it_works": payload,
        "results": payload,
        "resources": payload,
        "adoption": payload,
        "contact_name": payload[:100],
        "contact_email": "x@example.org",
        "contact_phone": "",
        "language": "fi",
        "consent": "on",
        **{f"criterion_{c.slug}": payload for c in criteria},
    }
    response = client.post("/fi/kaytantohaut/open/", data, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 302, response.content.decode()[:500]
    submission = Submission.objects.get()
    assert submission.title == payload  # kept as typed

    def shown_as_text(url: str, where: str) -> str:
        """The page, which shows the submitted text, as text."""
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, where
        assert escape(payload) in html, f"the submitted text is not on {where}"
        assert_inert(html, where)
        return html

    status_page = shown_as_text(response["Location"], "status page")
    if payload.startswith("{{"):
        assert "{{ 7|add:7 }}{% now &#x27;Y&#x27; %}" in status_page  # shown, not run
    # In the admin, for the editor ...
    client.force_login(editor)
    Submission.objects.filter(pk=submission.pk).update(status="in_review")
    admin = "/fi/admin/submissions"
    shown_as_text(f"{admin}/submission/{submission.pk}/change/", "admin")
    shown_as_text(f"{admin}/call/{call.pk}/ranking/", "ranking")
    shown_as_text(f"{admin}/submission/{submission.pk}/decide/", "decision")
    # ... and for the jury member scoring it, and then reading the reviews.
    call.jurors.add(juror)
    client.force_login(juror)
    shown_as_text(f"{admin}/review/add/?submission={submission.pk}", "review")
    ReviewFactory(
        submission=submission,
        juror=juror,
        comment_for_submitter=payload,
        confidential_comment=payload,
    )
    shown_as_text(f"{admin}/submission/{submission.pk}/change/", "juror view")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_editors_texts_are_inert_on_every_public_page(client, payload):
    theme = ThemeFactory(slug="t", name_fi=payload)
    practice = PracticeFactory(
        slug="p",
        title_fi=payload,
        summary_fi=payload + " kotoutuminen",
        goal_fi=payload,
        how_it_works_fi=payload,
        results_fi=payload,
        resources_fi=payload,
        adoption_fi=payload,
        organisation_fi=payload,
        funder_fi=payload,
        contact_fi=payload,
        themes=[theme],
    )
    CriterionAssessmentFactory(
        practice=practice,
        how_met_fi=payload,
        justification_fi=payload,
        criterion=CriterionFactory(name_fi=payload, description_fi=payload),
    )
    CallFactory(slug="c", title_fi=payload, body_fi=payload, partners_fi=payload)
    ProjectFactory(
        source_id="x",
        slug="x",
        name_fi=payload,
        summary_fi=payload + " kotoutuminen",
        description_fi=payload,
        coordinator_fi=payload,
        partners_fi=payload,
        themes=[theme],
    )
    for path in [
        "/fi/",
        "/fi/hyvat-kaytannot/",
        "/fi/hyvat-kaytannot/p/",
        "/fi/mika-on-hyva-kaytanto/",
        "/fi/kaytantohaut/",
        "/fi/kaytantohaut/c/",
        "/fi/hankkeet/",
        "/fi/hankkeet/x/",
        "/fi/haku/?q=kotoutuminen",
        "/fi/haku/?q=kotoutuminen&type=practices",
        "/fi/haku/?q=kotoutuminen&type=projects",
        "/sv/god-praxis/p/",
        "/fi/haku/?q=" + payload[:30],
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.content.decode(), path)
    assert Practice.objects.get(slug="p").title_fi == payload


def test_links_accept_only_web_addresses(client):
    practice = PracticeFactory(video_url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        practice.full_clean()
