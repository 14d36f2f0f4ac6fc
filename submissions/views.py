from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from practices.models import Criterion
from website.client import client_address
from website.database import database_busy
from website.spam import form_token_new, form_token_read

from .forms import SubmissionForm
from .models import Attachment, Call, CallState, Submission
from .services import (
    AlreadyReceived,
    SubmissionRefused,
    attachments_discard,
    attachments_hold,
    client_fingerprint,
    submission_receive,
)
from .structured_data import call_json_ld
from .uploads import MAX_ATTACHMENTS


class CallListView(ListView):
    template_name = "submissions/call_list.html"
    context_object_name = "calls"

    def get_queryset(self):
        return Call.objects.published().in_listing_order(timezone.now()).prefetch_related("themes")


# A form sent back with errors shows the contact details typed into it.
@method_decorator(never_cache, name="post")
class CallDetailView(DetailView):
    """A call's page; while the call is open it carries the submission form."""

    template_name = "submissions/call_detail.html"
    context_object_name = "call"

    def get_queryset(self):
        return Call.objects.published().prefetch_related("themes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = call_json_ld(self.object, self.request)
        if self.object.state == CallState.CLOSED:
            context["chosen_practices"] = self.object.chosen_practices()
        return context

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = None
        if self.object.state == CallState.OPEN:
            form = self.build_form(initial={"form_token": form_token_new()})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.object = call = self.get_object()
        sender = client_fingerprint(client_address(request))
        token = form_token_read(request.POST.get("form_token", ""))
        pending = []
        if token:
            pending = list(Attachment.objects.filter(form_token=token[0], submission=None))
        form = self.build_form(
            data=request.POST, files=request.FILES, pending=pending, sender=sender
        )
        if not form.is_valid():
            return self.invalid(form, token)
        try:
            submission = submission_receive(
                call=call,
                form_token=form.token_id,
                data=form.practice_data(),
                uploads=form.valid_uploads,
                kept_attachments=form.kept_attachments(),
                client_hash=sender,
            )
        except AlreadyReceived as already:
            return HttpResponseRedirect(already.submission.get_status_url())
        except SubmissionRefused as refused:
            form.add_error(None, str(refused))
            return self.invalid(form, token, store_uploads=False)
        except OperationalError as error:
            if not database_busy(error):
                raise
            # Nothing was saved (one transaction); the files cannot be kept either, as
            # that too is a write, but the typed text is all on the page again.
            form.add_error(
                None,
                _(
                    "Many submissions are being saved at this moment and yours could not be "
                    "saved in time. Your text is kept below; please add any files again and "
                    "send it in a moment."
                ),
            )
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=503)
        messages.success(request, _("Thank you! Your submission has been received."))
        unconfirmed = "" if submission.confirmation_email else "&confirmation=0"
        return HttpResponseRedirect(f"{submission.get_status_url()}?new=1{unconfirmed}")

    def build_form(self, *, data=None, files=None, initial=None, pending=(), sender=""):
        return SubmissionForm(
            data=data,
            files=files,
            initial=initial,
            criteria=Criterion.objects.all(),
            pending=pending,
            sender=sender,
        )

    def invalid(self, form, token, *, store_uploads: bool = True):
        """Show the form again with everything typed, and keep the files that were fine.

        Only files whose content was checked are kept: none of a form refused as spam,
        too fast or over the hourly limit (the form never looks into those), and none of
        a submission refused when saved (call closed): those limits must hold for the
        disk as well.
        """
        if token is None:
            # The token was missing or too old: a fresh one, so the form can be sent.
            data = form.data.copy()
            data["form_token"] = form_token_new()
            form.data = data
        else:
            kept = form.kept_attachments() if hasattr(form, "cleaned_data") else form.pending
            attachments_discard(set(form.pending) - set(kept))
            if store_uploads:
                room = max(0, MAX_ATTACHMENTS - len(kept))
                try:
                    kept += attachments_hold(
                        form_token=token[0],
                        client_hash=form.sender,
                        uploads=form.valid_uploads[:room],
                    )
                except SubmissionRefused as refused:
                    form.add_error("attachments", str(refused))
            form.pending = kept
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=200)


@method_decorator(never_cache, name="dispatch")
class SubmissionStatusView(DetailView):
    """The submitter's private page: what happens to the submission, no account needed."""

    template_name = "submissions/submission_status.html"
    context_object_name = "submission"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Submission.objects.select_related("call", "practice"),
            status_token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_new"] = self.request.GET.get("new") == "1"
        context["confirmation_sent"] = self.request.GET.get("confirmation") != "0"
        context["status_url"] = self.request.build_absolute_uri(self.object.get_status_url())
        return context


class PrivacyNoticeView(TemplateView):
    template_name = "submissions/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_months"] = settings.CONTACT_RETENTION_MONTHS
        context["privacy_contact_email"] = settings.PRIVACY_CONTACT_EMAIL
        context["contact_message_retention_days"] = settings.CONTACT_MESSAGE_RETENTION_DAYS
        context["alert_confirm_days"] = settings.ALERT_CONFIRM_DAYS
        return context
