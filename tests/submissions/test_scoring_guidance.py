"""A jury member scores from one grid: beside each score what it means for that
criterion, and the submitter's own self-assessment next to it."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from practices.demo_data import CRITERION_LEVELS
from practices.models import Criterion
from tests.factories import CallFactory, SelfAssessmentFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(criteria):
    juror = UserFactory(groups=["Jury"])
    submission = SubmissionFactory(call=CallFactory(jurors=[juror]), status="in_review")
    goal = criteria[0]
    goal.level_0_en = "No goal at all."
    goal.level_3_en = "Measurable goals drive everything."
    goal.level_3_fi = "Mitattavat tavoitteet ohjaavat kaikkea."
    goal.save()
    SelfAssessmentFactory(submission=submission, criterion=goal, text="Meillä on selkeä tavoite.")
    return {"juror": juror, "submission": submission, "goal": goal}


def test_each_score_shows_what_it_means_and_the_submitters_own_words(client, scoring):
    client.force_login(scoring["juror"])
    goal = scoring["goal"]
    url = f"/en/admin/submissions/review/add/?submission={scoring['submission'].pk}"
    html = client.get(url).content.decode()
    grid = html.split('class="module score-grid"')[1].split("</table>")[0]
    row = grid.split(f'id="id_score_{goal.pk}_name"')[1].split("</tr>")[0]
    assert "No goal at all." in row and "Measurable goals drive everything." in row
    assert '<td lang="fi">Meillä on selkeä tavoite.</td>' in row
    # One radio group per criterion, each radio with its own label, none checked yet.
    radios = re.findall(
        rf'<input type="radio" name="score_{goal.pk}" value="(\d)" id="([^"]+)"', row
    )
    assert [value for value, _id in radios] == ["0", "1", "2", "3"]
    assert all(f'<label for="{radio_id}">' in row for _v, radio_id in radios)
    assert "checked" not in row
    assert (
        f'<th scope="row" id="id_score_{goal.pk}_name">' in grid
        and '<th scope="col">3</th>' in grid
    )


def test_guidance_follows_the_language_of_the_page(client, scoring):
    client.force_login(scoring["juror"])
    url = f"/fi/admin/submissions/review/add/?submission={scoring['submission'].pk}"
    assert "Mitattavat tavoitteet ohjaavat kaikkea." in client.get(url).content.decode()


def test_a_form_with_errors_keeps_the_chosen_scores(client, scoring, criteria):
    client.force_login(scoring["juror"])
    goal = scoring["goal"]
    response = client.post(
        f"/en/admin/submissions/review/add/?submission={scoring['submission'].pk}",
        {
            "recommendation": "recommend",
            f"score_{goal.pk}": "3",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="score_{goal.pk}" value="3" id="id_score_{goal.pk}_3" checked' in html
    other = criteria[1]
    assert (
        f'name="score_{other.pk}" value="0" id="id_score_{other.pk}_0" aria-invalid="true"' in html
    )


def test_editor_edits_the_guidance_in_the_admin(editor_client, scoring):
    goal = scoring["goal"]
    html = editor_client.get(f"/en/admin/practices/criterion/{goal.pk}/change/").content.decode()
    assert 'name="level_3_sv"' in html and "Scoring guidance for the jury" in html


def test_data_migration_fills_only_empty_guidance(transactional_db):
    """Migrating back before the guidance and forward again fills the six seeded
    criteria's empty texts and keeps one an editor wrote."""
    executor = MigrationExecutor(connection)
    executor.migrate([("practices", "0020_criterion_levels")])
    Criterion.objects.create(slug="goal-oriented", name_fi="Tavoitteellinen", position=1)
    Criterion.objects.create(
        slug="high-impact", name_fi="Vaikuttava", position=4, level_2_fi="Oma teksti."
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    goal = Criterion.objects.get(slug="goal-oriented")
    assert goal.level_0_en == CRITERION_LEVELS["goal-oriented"][0][2]
    assert goal.level_3_sv == CRITERION_LEVELS["goal-oriented"][3][1]
    impact = Criterion.objects.get(slug="high-impact")
    assert impact.level_2_fi == "Oma teksti."
    assert impact.level_1_fi == CRITERION_LEVELS["high-impact"][1][0]
