from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from website.cache import cache_public_page

from . import views
from .feeds import OpenCallsFeed

app_name = "submissions"


class Moved(RedirectView):
    """An address the calls had before they were named apart from the search ("haut"
    read as "searches"): moved for good. A form sent to it is sent on (308), not lost."""

    permanent = True
    query_string = True

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response.status_code = 308
        return response


urlpatterns = [
    path(_("calls/"), cache_public_page(views.CallListView.as_view()), name="calls"),
    path(_("calls/<slug:slug>/"), views.CallDetailView.as_view(), name="call"),
    path(_("submission/<str:token>/"), views.SubmissionStatusView.as_view(), name="status"),
    path(_("privacy/"), cache_public_page(views.PrivacyNoticeView.as_view()), name="privacy"),
    path(_("feeds/calls/"), cache_public_page(OpenCallsFeed()), name="feed"),
    # The Finnish addresses before the calls were "kaytantohaut" (issue 16).
    path("haut/", Moved.as_view(pattern_name="submissions:calls")),
    path("haut/<slug:slug>/", Moved.as_view(pattern_name="submissions:call")),
    path("syotteet/haut/", Moved.as_view(pattern_name="submissions:feed")),
]
