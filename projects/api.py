"""The archive of projects in the JSON API."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from practices.api import MunicipalitySerializer
from website.api import (
    LANG_PARAMETER,
    PublicPageField,
    PublicReadOnlyViewSet,
    TermSerializer,
    TranslatedField,
)

from .filters import ProjectFilter
from .models import Project


class ProjectLinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()


class ProjectListSerializer(serializers.ModelSerializer):
    url = PublicPageField()
    name = TranslatedField("name")
    summary = TranslatedField("summary")
    coordinator = TranslatedField("coordinator")
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "source_id",
            "slug",
            "url",
            "name",
            "summary",
            "coordinator",
            "level",
            "themes",
            "start_date",
            "end_date",
            "text_languages",
        ]


class ProjectSerializer(ProjectListSerializer):
    description = TranslatedField("description")
    partners = TranslatedField("partners")
    themes = TermSerializer(many=True, read_only=True)
    target_groups = TermSerializer(many=True, read_only=True)
    regions = TermSerializer(many=True, read_only=True)
    municipalities = MunicipalitySerializer(many=True, read_only=True)
    funding = serializers.SlugRelatedField(slug_field="source", many=True, read_only=True)
    links = ProjectLinkSerializer(many=True, read_only=True)

    class Meta(ProjectListSerializer.Meta):
        fields = [
            *ProjectListSerializer.Meta.fields,
            "description",
            "partners",
            "target_groups",
            "regions",
            "municipalities",
            "funding",
            "budget",
            "website",
            "links",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[LANG_PARAMETER], summary="Projects of the archive (not updated since 2019)"
    ),
    retrieve=extend_schema(parameters=[LANG_PARAMETER], summary="One project of the archive"),
)
class ProjectViewSet(PublicReadOnlyViewSet):
    """The archive of integration projects compiled mostly by THL; no longer updated."""

    filterset_class = ProjectFilter

    def get_queryset(self):
        if self.action == "list":
            return Project.objects.for_list().order_by(*Project._meta.ordering)
        return Project.objects.for_detail()

    def get_serializer_class(self):
        return ProjectListSerializer if self.action == "list" else ProjectSerializer
