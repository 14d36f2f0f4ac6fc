from django.urls import path
from django.utils.translation import gettext_lazy as _

from website.cache import cache_public_page

from . import views
from .feeds import OpenCallsFeed

app_name = "submissions"

urlpatterns = [
    path(_("calls/"), cache_public_page(views.CallListView.as_view()), name="calls"),
    path(_("calls/<slug:slug>/"), views.CallDetailView.as_view(), name="call"),
    path(_("submission/<str:token>/"), views.SubmissionStatusView.as_view(), name="status"),
    path(_("privacy/"), cache_public_page(views.PrivacyNoticeView.as_view()), name="privacy"),
    path(_("feeds/calls/"), cache_public_page(OpenCallsFeed()), name="feed"),
]
