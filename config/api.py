"""The JSON API, version 1, and its OpenAPI schema (docs/api.md)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
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
