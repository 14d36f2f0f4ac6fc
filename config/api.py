"""The JSON API, version 1, and its OpenAPI schema (docs/api.md)."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import include, path
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.routers import DefaultRouter

from practices.api import CriterionViewSet, PracticeViewSet
from projects.api import ProjectViewSet
from submissions.api import CallViewSet

router = DefaultRouter()
router.register("practices", PracticeViewSet, basename="practice")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("projects", ProjectViewSet, basename="project")
router.register("calls", CallViewSet, basename="call")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]


API_ROUTE = "api/"  # the API's addresses begin /api/


def not_found(request, *args, **kwargs):
    """Any other address under /api/ answers in JSON, like the API's own 404s."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


def is_api(request) -> bool:
    return request.path_info.startswith(f"/{API_ROUTE}")


def bad_request(request, exception):
    """handler400: a request refused before any view (a NUL character, a bad Host header).

    JSON under the API, the site's page elsewhere, in the visitor's language: it may be
    refused before LocaleMiddleware has chosen one. The page is rendered without the
    request, whose context processors would fail again on a refused Host header.
    """
    with translation.override(translation.get_language_from_request(request, check_path=True)):
        if is_api(request):
            return JsonResponse({"detail": str(ParseError.default_detail)}, status=400)
        return HttpResponseBadRequest(render_to_string("400.html"))
