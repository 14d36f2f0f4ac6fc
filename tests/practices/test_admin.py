"""An editor keeps the catalogue in the admin."""

import re

import pytest
from django.core.exceptions import ValidationError

from practices.models import Practice
from tests.factories import CriterionAssessmentFactory, PracticeFactory, PracticeLinkFactory
from website.cache import content_changed

pytestmark = pytest.mark.django_db


def test_practice_change_form_has_language_tabs_and_criteria_inline(admin_client):
    practice = CriterionAssessmentFactory().practice
    response = admin_client.get(f"/en/admin/practices/practice/{practice.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    for lang in ("fi", "sv", "en"):
        assert f'name="title_{lang}"' in html
    assert 'name="assessments-0-rating"' in html


def test_changelist_filters_and_search_work(admin_client):
    PracticeFactory(title_fi="Kielikahvila")
    response = admin_client.get(
        "/en/admin/practices/practice/?q=Kielikahvila&status__exact=published"
    )
    assert response.status_code == 200
    assert "Kielikahvila" in response.content.decode()


def test_publish_action_publishes_drafts_with_a_date(admin_client):
    draft = PracticeFactory(draft=True)
    response = admin_client.post(
        "/en/admin/practices/practice/",
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "1 practice published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Practice.Status.PUBLISHED
    assert draft.published_at is not None


def test_archive_action_hides_a_practice_from_visitors(admin_client, client):
    practice = PracticeFactory(slug="old")
    admin_client.post(
        "/en/admin/practices/practice/",
        {"action": "archive_selected", "_selected_action": [practice.pk]},
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.ARCHIVED
    assert client.get("/en/good-practices/old/").status_code == 404


def test_editor_adds_a_published_practice_and_it_gets_a_publication_date(admin_client, client):
    response = admin_client.post(
        "/en/admin/practices/practice/add/",
        {
            "title_fi": "Uusi käytäntö",
            "slug": "uusi",
            "summary_fi": "Tiivistelmä.",
            "organisation_fi": "Kunta",
            "status": "published",
            "assessments-TOTAL_FORMS": 0,
            "assessments-INITIAL_FORMS": 0,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    practice = Practice.objects.get(slug="uusi")
    assert practice.published_at is not None
    assert client.get("/fi/hyvat-kaytannot/uusi/").status_code == 200


def test_admin_pages_load_every_script_and_stylesheet_from_the_project(admin_client):
    practice = PracticeFactory()
    html = admin_client.get(f"/en/admin/practices/practice/{practice.pk}/change/").content.decode()
    assets = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assets += re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html)
    assert assets
    assert all(url.startswith("/") and not url.startswith("//") for url in assets), assets


def test_a_draft_without_a_summary_in_any_language_is_not_published_by_the_action(
    admin_client,
):
    no_summary = PracticeFactory(
        slug="no-summary", draft=True, summary_fi="", summary_sv="", summary_en=""
    )
    response = admin_client.post(
        "/en/admin/practices/practice/",
        {"action": "publish_selected", "_selected_action": [no_summary.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "0 practices published." in html
    assert "Not published, because something the page needs is missing" in html
    assert "no-summary" in html
    no_summary.refresh_from_db()
    assert no_summary.status == Practice.Status.DRAFT


def test_a_swedish_only_practice_is_added_in_the_admin_and_published(admin_client):
    response = admin_client.post(
        "/en/admin/practices/practice/add/",
        {
            "title_sv": "Ny praxis",
            "slug": "ny",
            "summary_sv": "Sammanfattning.",
            "organisation_sv": "Kommun",
            "status": "published",
            "assessments-TOTAL_FORMS": 0,
            "assessments-INITIAL_FORMS": 0,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Practice.objects.get(slug="ny").status == Practice.Status.PUBLISHED


def test_a_needed_text_is_asked_for_in_one_language_at_least(admin_client):
    response = admin_client.post(
        "/en/admin/practices/practice/add/",
        {
            "title_sv": "Ny praxis",
            "slug": "ny",
            "organisation_sv": "Kommun",
            "status": "draft",
            "assessments-TOTAL_FORMS": 0,
            "assessments-INITIAL_FORMS": 0,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Write the summary in at least one language." in response.content.decode()
    assert not Practice.objects.filter(slug="ny").exists()


def test_archiving_is_recorded_in_the_history(admin_client):
    practice = PracticeFactory()
    versions = practice.history.count()
    admin_client.post(
        "/en/admin/practices/practice/",
        {"action": "archive_selected", "_selected_action": [practice.pk]},
    )
    latest = practice.history.latest()
    assert practice.history.count() == versions + 1
    assert (latest.status, latest.history_user.username) == ("archived", "admin")


def test_a_published_practices_address_cannot_be_changed(admin_client):
    practice = PracticeFactory(slug="cited")
    html = admin_client.get(f"/en/admin/practices/practice/{practice.pk}/change/").content.decode()
    assert 'name="slug"' not in html
    assert "cited" in html


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/practices/practice/abc/history/",
        "/en/admin/practices/practice/{pk}/history/abc/",
        "/en/admin/practices/practice/{pk}/history/99999999999999999999999/",
        "/en/admin/practices/theme/abc/history/",
    ],
)
def test_history_addresses_that_name_no_object_are_not_found(admin_client, path):
    practice = PracticeFactory()
    assert admin_client.get(path.format(pk=practice.pk)).status_code == 404


def test_links_must_be_web_addresses(admin_client):
    link = PracticeLinkFactory(url="https://example.org/guide.pdf")
    link.url = "ftp://example.org/guide.pdf"
    with pytest.raises(ValidationError):
        link.full_clean()


def test_a_change_clears_the_cache_again_when_it_is_committed(django_capture_on_commit_callbacks):
    practice = PracticeFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        practice.save()
    assert content_changed in callbacks
