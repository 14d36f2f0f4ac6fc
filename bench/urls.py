from django.conf.urls.i18n import i18n_patterns
from django.urls import path
from django.views.generic import TemplateView

from config.urls import urlpatterns as project_urlpatterns

# The floor: the base template through the whole middleware stack, with no database work.
urlpatterns = (
    i18n_patterns(
        path(
            "bench-floor/",
            TemplateView.as_view(template_name="bench/floor.html"),
            name="bench-floor",
        ),
    )
    + project_urlpatterns
)
