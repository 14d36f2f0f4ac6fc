"""The practices and the criteria in the JSON API (the shared parts: website/api.py)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from website.api import (
    LANG_PARAMETER,
    PublicPageField,
    PublicReadOnlyViewSet,
    TermSerializer,
    TranslatedField,
)

from .filters import PracticeFilter
from .models import Criterion, CriterionAssessment, Municipality, Practice


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Municipality
        fields = ["slug", "name_fi", "name_sv", "population", "size_class", "region"]


class CriterionSerializer(serializers.ModelSerializer):
    name = TranslatedField("name")
    description = TranslatedField("description")

    class Meta:
        model = Criterion
        fields = ["slug", "position", "name", "description"]


class AssessmentSerializer(serializers.ModelSerializer):
    criterion = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    how_met = TranslatedField("how_met")
    justification = TranslatedField("justification")

    class Meta:
        model = CriterionAssessment
        fields = ["criterion", "rating", "how_met", "justification"]


class LinkSerializer(serializers.Serializer):
    title = TranslatedField("title")
    url = serializers.URLField()
    kind = serializers.CharField()


class SelectionRoundSerializer(serializers.Serializer):
    name = TranslatedField("name")
    date = serializers.DateField()


class PracticeListSerializer(serializers.ModelSerializer):
    url = PublicPageField()
    title = TranslatedField("title")
    summary = TranslatedField("summary")
    organisation = TranslatedField("organisation")
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    suits = serializers.SerializerMethodField()
    selection_round = SelectionRoundSerializer(read_only=True, allow_null=True)
    adoption_count = serializers.IntegerField(
        read_only=True, help_text="In how many places the practice is reported used (approved)."
    )

    class Meta:
        model = Practice
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "summary",
            "organisation",
            "themes",
            "suits",
            "selection_round",
            "adoption_count",
            "published_at",
            "updated_at",
        ]

    def get_suits(self, practice) -> list[str]:
        return [str(size) for size in practice.suitable_sizes]


class PracticeSerializer(PracticeListSerializer):
    goal = TranslatedField("goal")
    how_it_works = TranslatedField("how_it_works")
    results = TranslatedField("results")
    resources = TranslatedField("resources")
    adoption = TranslatedField("adoption")
    funder = TranslatedField("funder")
    funding_programme = TranslatedField("funding_programme")
    contact = TranslatedField("contact")
    contact_role = TranslatedField("contact_role")
    themes = TermSerializer(many=True, read_only=True)
    target_groups = TermSerializer(many=True, read_only=True)
    phases = TermSerializer(many=True, read_only=True)
    municipalities = MunicipalitySerializer(many=True, read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)
    links = LinkSerializer(many=True, read_only=True)

    class Meta(PracticeListSerializer.Meta):
        fields = [
            *PracticeListSerializer.Meta.fields,
            "goal",
            "how_it_works",
            "results",
            "resources",
            "adoption",
            "funder",
            "funding_programme",
            "contact",
            "contact_role",
            "contact_person",
            "target_groups",
            "phases",
            "municipalities",
            "assessments",
            "links",
            "video_url",
        ]


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="Published good practices"),
    retrieve=extend_schema(parameters=[LANG_PARAMETER], summary="One good practice"),
)
class PracticeViewSet(PublicReadOnlyViewSet):
    """Good practices: only published ones, filtered like the list page."""

    filterset_class = PracticeFilter

    def get_queryset(self):
        if self.action == "list":
            return Practice.objects.published().for_list().newest()
        return Practice.objects.published().for_detail().with_adoption_count()

    def get_serializer_class(self):
        return PracticeListSerializer if self.action == "list" else PracticeSerializer


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="The six criteria of a good practice"),
    retrieve=extend_schema(parameters=[LANG_PARAMETER], summary="One criterion"),
)
class CriterionViewSet(PublicReadOnlyViewSet):
    """The six criteria a good practice is recognised by."""

    queryset = Criterion.objects.all()
    serializer_class = CriterionSerializer
