"""A practice drafted from a Swedish or English submission is published with its texts
in that language only: the editor saves the draft as it is, is told what is still to
translate in the other languages, and every public view shows the texts with the
fallback note."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from practices.models import Practice
from practices.services import practice_publish
from practices.workflow import TransitionRefused, publish_problems
from submissions.models import SelfAssessment
from submissions.publication import submission_publish
from tests.factories import CallFactory, PracticeFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser would send back of the page's form with id `form_id`, unchanged."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self.textarea = self.select = None
        self.options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.values.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            self.values += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "form":
            self.inside = False


def form_data(html: str, form_id: str) -> dict:
    parser = FormValues(form_id)
    parser.feed(html)
    data: dict = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def swedish(criteria, editor):
    call = CallFactory(title_fi="Haku", title_sv="Utlysning", title_en="Call")
    submission = SubmissionFactory(
        call=call,
        status="accepted",
        language="sv",
        title="Språkcafé för föräldrar",
        summary="Föräldrar träffas och övar svenska.",
        organisation="Vasa stad",
    )
    for criterion in criteria:
        SelfAssessment.objects.create(
            submission=submission, criterion=criterion, text="Det fungerar väl."
        )
    return submission_publish(submission=submission, by=editor)


def test_a_draft_from_a_swedish_submission_is_saved_and_published_as_it_is(editor_client, swedish):
    assert publish_problems(swedish) == []
    url = f"/en/admin/practices/practice/{swedish.pk}/change/"
    page = editor_client.get(url).content.decode()
    # The editor is told exactly what to translate, and that nothing bars publishing.
    assert "Not yet translated into Finnish: title; summary;" in page
    assert "Not yet translated into English: title; summary;" in page
    assert "needed before publishing" not in page

    data = form_data(page, "practice_form")
    data["status"] = ["published"]
    response = editor_client.post(url, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode()
    )
    swedish.refresh_from_db()
    assert swedish.status == Practice.Status.PUBLISHED
    assert swedish.title_fi in ("", None) and swedish.title_sv == "Språkcafé för föräldrar"


def test_a_practice_with_a_required_text_in_no_language_is_not_published(editor, english):
    practice = PracticeFactory(
        draft=True, summary_fi="", summary_sv="", summary_en="", title_fi="", title_en=""
    )
    with pytest.raises(TransitionRefused, match="missing"):
        practice_publish(practice=practice, by=editor)


@pytest.fixture
def published(swedish, editor):
    practice_publish(practice=swedish, by=editor)
    return Practice.objects.get(pk=swedish.pk)


def test_every_public_view_shows_the_swedish_texts_with_the_note(client, published):
    title = "Språkcafé för föräldrar"
    detail = client.get(f"/fi/hyvat-kaytannot/{published.slug}/").content.decode()
    assert f'<h1 lang="sv">{title}</h1>' in detail
    assert "näytetään ruotsiksi" in detail
    linked_data = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', detail, re.S
    )
    assert any(title in json.loads(block).get("name", "") for block in linked_data), linked_data
    for lang in ("fi", "sv", "en"):
        with translation.override(lang):
            lists = [reverse("practices:list"), reverse("practices:feed"), reverse("practices:csv")]
            search = reverse("search:search") + "?q=Språkcafé"
        for url in [*lists, search]:
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response) if response.streaming else response.content
            assert title in body.decode(), url
    api = client.get(f"/api/v1/practices/{published.slug}/", HTTP_ACCEPT_LANGUAGE="fi")
    assert api.status_code == 200 and title in api.content.decode()
    sitemap = "".join(
        client.get(url).content.decode() for url in ("/sitemap.xml", "/sitemap-practices.xml")
    )
    assert published.slug in sitemap
