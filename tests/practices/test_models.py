import pytest
from django.db import IntegrityError, transaction

from practices.models import Practice, SizeClass
from practices.services import practice_archive, practice_publish
from tests.factories import (
    CriterionAssessmentFactory,
    CriterionFactory,
    MunicipalityFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "size"),
    [
        (0, SizeClass.SMALL),
        (9_999, SizeClass.SMALL),
        (10_000, SizeClass.MEDIUM),
        (49_999, SizeClass.MEDIUM),
        (50_000, SizeClass.LARGE),
        (675_000, SizeClass.LARGE),
    ],
)
def test_size_class_follows_population_at_the_edges(population, size):
    municipality = MunicipalityFactory(population=population)
    municipality.refresh_from_db()
    assert municipality.size_class == size


def test_size_class_changes_when_population_changes():
    municipality = MunicipalityFactory(population=9_000)
    municipality.population = 12_000
    municipality.save()
    municipality.refresh_from_db()
    assert municipality.size_class == SizeClass.MEDIUM


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_database_refuses_a_second_practice_with_the_same_slug():
    PracticeFactory(slug="same")
    assert_refused(lambda: PracticeFactory(slug="same"))


def test_database_refuses_an_empty_slug():
    assert_refused(lambda: PracticeFactory(slug=""))


def test_database_refuses_a_published_practice_without_publication_date():
    assert_refused(lambda: PracticeFactory(status=Practice.Status.PUBLISHED, published_at=None))


def test_database_refuses_an_unknown_status():
    assert_refused(lambda: PracticeFactory(status="hidden"))


def test_database_refuses_two_assessments_of_the_same_criterion():
    assessment = CriterionAssessmentFactory()
    assert_refused(
        lambda: CriterionAssessmentFactory(
            practice=assessment.practice, criterion=assessment.criterion
        )
    )


@pytest.mark.parametrize("rating", [4, 10])
def test_database_refuses_a_rating_outside_0_to_3(rating):
    assert_refused(lambda: CriterionAssessmentFactory(rating=rating))


def test_database_refuses_two_criteria_in_the_same_position():
    CriterionFactory(position=1)
    assert_refused(lambda: CriterionFactory(position=1))


def test_publishing_again_keeps_the_first_publication_date(editor):
    practice = PracticeFactory(draft=True)
    practice_publish(practice=practice, by=editor)
    first = practice.published_at
    practice_archive(practice=practice, by=editor)
    practice_publish(practice=practice, by=editor)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.published_at == first


def test_published_excludes_drafts_and_archived_practices():
    published = PracticeFactory()
    PracticeFactory(draft=True)
    PracticeFactory(archived=True)
    assert list(Practice.objects.published()) == [published]
