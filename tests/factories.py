"""Factories for the models of every app. Texts are in Finnish unless a test says otherwise."""

import datetime
import uuid

import factory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from practices.models import (
    Adoption,
    Criterion,
    CriterionAssessment,
    IntegrationPhase,
    Municipality,
    Practice,
    PracticeLink,
    Region,
    SelectionRound,
    TargetGroup,
    Theme,
)
from projects.models import Level, Project, ProjectFunding
from submissions.models import Call, Review, ReviewScore, SelfAssessment, Submission
from submissions.roles import roles_apply


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name_fi = factory.Sequence(lambda n: f"Teema {n}")
    name_sv = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    name_fi = factory.Sequence(lambda n: f"Kohderyhmä {n}")
    name_sv = factory.Sequence(lambda n: f"Målgrupp {n}")
    name_en = factory.Sequence(lambda n: f"Target group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")


class IntegrationPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrationPhase

    name_fi = factory.Sequence(lambda n: f"Vaihe {n}")
    name_sv = factory.Sequence(lambda n: f"Skede {n}")
    name_en = factory.Sequence(lambda n: f"Phase {n}")
    slug = factory.Sequence(lambda n: f"phase-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name_fi = factory.Sequence(lambda n: f"Maakunta {n}")
    name_sv = factory.Sequence(lambda n: f"Landskap {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name_fi = factory.Sequence(lambda n: f"Kunta {n}")
    name_sv = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"municipality-{n}")
    population = 20_000
    region = factory.SubFactory(RegionFactory)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    slug = factory.Sequence(lambda n: f"criterion-{n}")
    position = factory.Sequence(lambda n: n + 1)
    name_fi = factory.Sequence(lambda n: f"Kriteeri {n}")
    name_sv = factory.Sequence(lambda n: f"Kriterium {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    description_fi = "Kuvaus."
    description_sv = "Beskrivning."
    description_en = "Description."


class SelectionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionRound

    name_fi = "Kooste"
    name_sv = "Sammanställning"
    name_en = "Compilation"
    date = datetime.date(2016, 2, 1)


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title_fi = factory.Sequence(lambda n: f"Käytäntö {n}")
    title_sv = factory.Sequence(lambda n: f"Praxis {n}")
    title_en = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary_fi = "Tiivistelmä suomeksi."
    summary_sv = "Sammanfattning på svenska."
    summary_en = "Summary in English."
    organisation_fi = "Järjestö ry"
    organisation_sv = "Förening rf"
    organisation_en = "Association"
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Practice.Status.DRAFT, published_at=None)
        archived = factory.Trait(status=Practice.Status.ARCHIVED)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        if create and extracted:
            self.phases.set(extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class PracticeLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeLink

    practice = factory.SubFactory(PracticeFactory)
    title_fi = "Lisätietoa"
    url = factory.Sequence(lambda n: f"https://example.org/{n}")


class AdoptionFactory(factory.django.DjangoModelFactory):
    """An adoption report, approved unless `pending=True`."""

    class Meta:
        model = Adoption

    practice = factory.SubFactory(PracticeFactory)
    organisation = "Kotoutumispalvelut"
    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2022
    changes = "Pienempi ryhmä."
    experience = "Hyvin."
    language = "fi"
    consent = False
    form_token = factory.LazyFunction(uuid.uuid4)
    approved_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(approved_at=None)


class CriterionAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionAssessment

    practice = factory.SubFactory(PracticeFactory)
    criterion = factory.SubFactory(CriterionFactory)
    how_met_fi = "Täyttyy näin."
    rating = 2


# The archive of projects ------------------------------------------------------


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project of the archive, named in Finnish only, as most of THL's are."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    source_id = factory.Sequence(lambda n: f"P{n}")
    slug = factory.LazyAttribute(lambda project: f"hanke-{project.source_id.lower()}")
    name_fi = factory.LazyAttribute(lambda project: f"Hanke {project.source_id}")
    level = Level.LOCAL

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def funding(self, create, extracted, **kwargs):
        """The funding sources, e.g. `funding=["esf", "amif"]`."""
        if create and extracted:
            for source in extracted:
                ProjectFunding.objects.create(project=self, source=source)


# Calls and submissions --------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


def ensure_staff_groups() -> None:
    """The staff groups a data migration made (UserFactory's `groups` name them); a
    transactional test's flush removed them."""
    roles_apply(apps)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title_fi = factory.Sequence(lambda n: f"Haku {n}")
    title_sv = factory.Sequence(lambda n: f"Utlysning {n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    body_fi = "Hakuteksti."
    body_sv = "Utlysningstext."
    body_en = "Call text."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    contact_email = "editors@example.org"
    is_published = True

    @factory.post_generation
    def jurors(self, create, extracted, **kwargs):
        if create and extracted:
            self.jurors.set(extracted)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    call = factory.SubFactory(CallFactory)
    language = "fi"
    title = factory.Sequence(lambda n: f"Ehdotettu käytäntö {n}")
    organisation = "Yhdistys ry"
    summary = "Tiivistelmä."
    goal = "Tavoite."
    how_it_works = "Toiminta."
    results = "Tulokset."
    resources = "Resurssit."
    adoption = "Käyttöönotto."
    contact_name = "Maija Meikäläinen"
    contact_email = "maija@example.org"
    contact_phone = "+358 40 123 4567"
    consent = True


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    submission = factory.SubFactory(SubmissionFactory)
    criterion = factory.SubFactory(CriterionFactory)
    text = "Täyttyy."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    submission = factory.SubFactory(SubmissionFactory, status="in_review")
    juror = factory.SubFactory(UserFactory, groups=["Jury"])
    recommendation = "recommend"


class ReviewScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewScore

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    score = 2
