"""Calls for practices in the JSON API (published calls only; never submissions)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from website.api import LANG_PARAMETER, PublicPageField, PublicReadOnlyViewSet, TranslatedField

from .models import Call


class CallSerializer(serializers.ModelSerializer):
    url = PublicPageField()
    title = TranslatedField("title")
    body = TranslatedField("body")
    partners = TranslatedField("partners")
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    state = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "slug",
            "url",
            "title",
            "body",
            "partners",
            "themes",
            "opens_at",
            "closes_at",
            "grace_minutes",
            "results_by",
            "contact_email",
            "state",
            "days_left",
        ]

    def get_state(self, call) -> str:
        return str(call.state_at(timezone.now()))

    def get_days_left(self, call) -> int | None:
        return call.days_left_at(timezone.now())


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="Published calls for practices"),
    retrieve=extend_schema(parameters=[LANG_PARAMETER], summary="One call for practices"),
)
class CallViewSet(PublicReadOnlyViewSet):
    """Calls for practices: open ones first."""

    serializer_class = CallSerializer

    def get_queryset(self):
        return Call.objects.published().in_listing_order(timezone.now()).prefetch_related("themes")
