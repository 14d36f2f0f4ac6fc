"""An editor adds a project of the archive by hand in the admin."""

import pytest

from projects.models import Project

pytestmark = pytest.mark.django_db

ADD = "/en/admin/projects/project/add/"


def form(**fields) -> dict:
    data = {
        "source_id": "MANUAL-1",
        "name_fi": "Käsin lisätty hanke",
        "slug": "kasin-lisatty-hanke",
        "level": "local",
        "funding-TOTAL_FORMS": "0",
        "funding-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_an_editor_adds_a_project_with_its_source_id(editor_client):
    assert 'name="source_id"' in editor_client.get(ADD).content.decode()
    response = editor_client.post(ADD, form())
    assert response.status_code == 302, response.content.decode()
    project = Project.objects.get()
    assert project.source_id == "MANUAL-1" and project.name_fi == "Käsin lisätty hanke"


def test_the_source_id_is_read_only_once_the_project_exists(editor_client):
    editor_client.post(ADD, form())
    project = Project.objects.get()
    page = editor_client.get(f"/en/admin/projects/project/{project.pk}/change/").content.decode()
    assert 'name="source_id"' not in page and "MANUAL-1" in page


def test_a_missing_source_id_is_a_form_error_not_a_crash(editor_client):
    response = editor_client.post(ADD, form(source_id=""))
    assert response.status_code == 200
    assert "source_id" in response.context["adminform"].form.errors
    assert not Project.objects.exists()


def test_a_source_id_already_in_use_is_a_form_error(editor_client):
    editor_client.post(ADD, form())
    response = editor_client.post(ADD, form(slug="toinen-hanke"))
    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors["source_id"])
    assert Project.objects.count() == 1
