"""The read-only JSON API's shared parts: language, licence, pagination, errors.

Every translated text comes in the language the request asks for (`?lang=fi`,
`sv` or `en`; otherwise the Accept-Language header), falling back as the pages do,
or with `?lang=all` as an object with all three languages. Each app has its own
serializers and viewsets (practices/api.py, projects/api.py, submissions/api.py);
config/api.py routes them.
"""

from django.http import JsonResponse
from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema_field,
)
from rest_framework import pagination, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from .i18n import LANGUAGE_CODES, translated

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LANGS = list(LANGUAGE_CODES)

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[*LANGS, "all"],
    description=(
        "Language of the texts: fi, sv or en (a missing translation falls back to "
        "another language), or all for every language in one object. "
        "Default: the Accept-Language header."
    ),
)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "properties": {lang: {"type": "string", "nullable": True} for lang in LANGS},
                "required": LANGS,
            },
        ]
    }
)
class TranslatedField(serializers.Field):
    """A translated model field: a string in the requested language, or all languages."""

    def __init__(self, field: str, **kwargs):
        self.field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        if self.context.get("all_languages"):
            return {lang: getattr(instance, f"{self.field}_{lang}") or None for lang in LANGS}
        return translated(instance, self.field).value


class LicensedPagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "license": LICENSE,
                "license_url": LICENSE_URL,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["license"] = {"type": "string", "example": LICENSE}
        response["properties"]["license_url"] = {"type": "string", "format": "uri"}
        response["required"] = ["count", "results", "license", "license_url"]
        return response


ERROR_RESPONSES = {
    "400": "A parameter has a value the API does not know (the answer names it).",
    "404": "No such object, or no such page of results.",
    "429": "Too many requests from one address; try again in a minute.",
}


class PublicApiSchema(AutoSchema):
    """Every operation can also answer 400, 404 and 429, with a JSON explanation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, description in ERROR_RESPONSES.items():
            responses.setdefault(
                status,
                {
                    "description": description,
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "additionalProperties": True}
                        }
                    },
                },
            )
        return responses


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, open to all, in the language asked for, with the licence on every answer."""

    schema = PublicApiSchema()
    authentication_classes: list = []
    pagination_class = LicensedPagination
    lookup_field = "slug"
    # Any odd value reaches the view, so that it gets the API's JSON 404, not an HTML page.
    lookup_value_regex = "[^/]+"

    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang is not None and lang not in [*LANGS, "all"]:
            raise ValidationError({"lang": f"Use one of: {', '.join([*LANGS, 'all'])}."})
        self.all_languages = lang == "all"
        if lang in LANGS:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["all_languages"] = getattr(self, "all_languages", False)
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Link"] = f'<{LICENSE_URL}>; rel="license"'
        response["Content-Language"] = (
            "mul" if getattr(self, "all_languages", False) else (translation.get_language())
        )
        return response


class PublicPageField(serializers.Field):
    """The address of the object's public page, in the language of the answer."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        request = self.context.get("request")
        path = instance.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


extend_schema_field(OpenApiTypes.URI)(PublicPageField)


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = TranslatedField("name")


def not_found(request, *args, **kwargs):
    """Any other address under /api/ answers in JSON, like the API's own 404s."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
