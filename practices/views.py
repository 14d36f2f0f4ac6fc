from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, ListView, TemplateView

from search.facets import load_terms
from search.views import FacetedListView
from website.exports import Column, FilteredCsvView, names_per_object
from website.i18n import translated
from website.limits import RateLimit
from website.spam import form_token_new

from .filters import PracticeFilter
from .forms import AdoptionForm, ContactForm
from .models import Criterion, IntegrationPhase, Municipality, Practice, TargetGroup, Theme
from .searchable import filter_query
from .services import adoption_report, contact_message_send
from .structured_data import practice_json_ld


class HomeView(TemplateView):
    template_name = "practices/home.html"
    newest_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["newest_practices"] = (
            Practice.objects.published().for_list().newest()[: self.newest_count]
        )
        context["themes"] = Theme.objects.with_published_practice_counts()
        return context


class PracticeListView(FacetedListView):
    filterset_class = PracticeFilter
    queryset = Practice.objects.published().for_list()
    template_name = "practices/practice_list.html"
    context_object_name = "practices"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # For the filtered feed and the alerts of the same filter.
        context["filter_query"] = filter_query(self.request.GET)
        return context


class PracticeDetailView(DetailView):
    queryset = Practice.objects.published().for_detail().with_adoption_count()
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fallback_languages"] = self.object.fallback_languages()
        context["json_ld"] = practice_json_ld(self.object, self.request)
        context["related_practices"] = Practice.objects.related_to(self.object)
        # The same for every visitor (the page is cached): no token, see CheckedFirst.
        if self.object.can_be_contacted:
            context["contact_form"] = ContactForm()
        # Its own ids: the two forms share field names (the honeypot, the consent).
        context["adoption_form"] = AdoptionForm(auto_id="report_%s")
        return context


# The forms show what the visitor typed: never stored in a shared cache.
@method_decorator(never_cache, name="dispatch")
class PracticeFormView(FormView):
    """A form a visitor sends from a published practice's page, with the spam defences
    of every public form (website/spam.py) and an hourly limit per visitor
    (`rate_scope`, counted only for forms that pass every other check). After sending,
    the same address with `?sent=1` thanks the visitor."""

    rate_scope = ""

    def dispatch(self, request, *args, **kwargs):
        self.practice = get_object_or_404(
            Practice.objects.published().defer("search_vector"), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"form_token": form_token_new()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["practice"] = self.practice
        context["sent"] = self.request.method == "GET" and self.request.GET.get("sent") == "1"
        context.setdefault("form_action", self.request.path)
        return context

    def form_invalid(self, form, status: int = 200):
        if form.token_id is None:  # missing or too old: a fresh one, so it can be sent
            form.with_fresh_token()
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def refusal(self) -> str:
        """Why the form cannot be sent for this practice now, or ""."""
        return ""

    def form_valid(self, form):
        if refusal := self.refusal():
            form.add_error(None, refusal)
            return self.form_invalid(form)
        return self.form_send(form)

    def form_send(self, form):
        """Send the form that passed every check: within the hourly limit, saved."""
        if not RateLimit(self.rate_scope).allow_request(self.request, None):
            form.add_error(
                None,
                _(
                    "Many forms have already been sent from your network address in the last "
                    "hour. Your text is kept below; please send it again later."
                ),
            )
            return self.form_invalid(form, status=429)
        told = self.save(form) or ""
        return HttpResponseRedirect(f"{self.request.path}?sent=1{told}")

    def save(self, form) -> str | None:
        """Save what was sent; may return what the thank-you page's address adds to
        `?sent=1`, for it to tell the visitor (as `&copy=0`: no copy was sent)."""
        raise NotImplementedError


class PracticeContactView(PracticeFormView):
    """ "Contact the owner": the message goes to the practice's contact address, which
    the visitor never sees, and a copy to the visitor."""

    form_class = ContactForm
    template_name = "practices/practice_contact.html"
    rate_scope = "contact"

    def get(self, request, *args, **kwargs):
        if not self.practice.can_be_contacted and request.GET.get("sent") != "1":
            raise Http404
        return super().get(request, *args, **kwargs)

    def refusal(self) -> str:
        # The address was removed while the form was open: the text stays on the page.
        if not self.practice.can_be_contacted:
            return _(
                "The owner of this practice can no longer be contacted through this site. "
                "Your text is kept below; see the contact details on the practice's page."
            )
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["copy_sent"] = self.request.GET.get("copy") != "0"
        return context

    def save(self, form) -> str:
        data = form.cleaned_data
        contact = contact_message_send(
            practice=self.practice,
            form_token=form.token_id,
            sender_name=data["sender_name"],
            sender_email=data["sender_email"],
            sender_organisation=data["sender_organisation"],
            message=data["message"],
            language=get_language(),
        )
        return "" if contact.copy_email else "&copy=0"


class AdoptionReportView(PracticeFormView):
    """ "We use this too": a report that waits for an editor's approval."""

    form_class = AdoptionForm
    template_name = "practices/adoption_report.html"
    rate_scope = "adoption"

    def save(self, form) -> None:
        adoption_report(
            practice=self.practice,
            form_token=form.token_id,
            data=form.adoption_data(get_language()),
        )


class CheckedFirst:
    """Makes a practice's form view the first step of that form, as sent from the
    practice's page (`send_url_name` names the form's own view, the second step).

    That page is served to every visitor from the shared page cache, so its forms can
    carry nothing made for one visitor: no timing token, no CSRF token. This step sends
    and stores nothing. It checks what was typed (the honeypot included, and the form
    view's `refusal()`) and shows it back, with every message where something is wrong,
    as the ordinary form with a token minted now and a CSRF token; sending that is the
    second step, with all the defences of the ordinary form (the time since this step,
    the hourly limit, which this step does not count)."""

    http_method_names = ["post"]
    send_url_name = ""

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.token_required = False
        return form

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form_action", reverse(self.send_url_name, args=[self.practice.slug]))
        return super().get_context_data(**kwargs)

    def form_send(self, form):
        form.with_fresh_token()
        return self.render_to_response(self.get_context_data(form=form, confirm=True))


class PracticeContactCheckView(CheckedFirst, PracticeContactView):
    """ "Contact the owner" sent from the practice's page: checked, then shown back."""

    send_url_name = "practices:contact"


class AdoptionReportCheckView(CheckedFirst, AdoptionReportView):
    """ "We use this too" sent from the practice's page: checked, then shown back."""

    send_url_name = "practices:report_adoption"


class CriteriaView(ListView):
    queryset = Criterion.objects.all()
    template_name = "practices/criteria.html"
    context_object_name = "criteria"


class PracticeCsvView(FilteredCsvView):
    """The practice list, filtered as on the page, as a CSV file."""

    filterset_class = PracticeFilter
    filename = "good-practices.csv"

    def get_queryset(self):
        return Practice.objects.published().select_related("selection_round").with_adoption_count()

    def columns(self) -> list[Column]:
        terms = load_terms({"theme": Theme, "group": TargetGroup, "phase": IntegrationPhase})
        self.names = {
            facet: {term.pk: term.name for term in found} for facet, found in terms.items()
        }
        self.names["municipality"] = {m.pk: m.name for m in Municipality.objects.all()}
        request = self.request

        def joined(key):
            return lambda practice, related: "; ".join(related[key].get(practice.pk, []))

        return [
            Column(_("Address"), lambda p, r: request.build_absolute_uri(p.get_absolute_url())),
            Column(_("Title"), lambda p, r: translated(p, "title").value),
            Column(_("Organisation"), lambda p, r: translated(p, "organisation").value),
            Column(_("Summary"), lambda p, r: translated(p, "summary").value),
            Column(_("Themes"), joined("theme")),
            Column(_("Target groups"), joined("group")),
            Column(_("Integration phases"), joined("phase")),
            Column(_("Municipalities"), joined("municipality")),
            Column(
                _("Suitable municipality sizes"),
                lambda p, r: "; ".join(str(size.label) for size in p.suitable_sizes),
            ),
            Column(
                _("Selection round"),
                lambda p, r: p.selection_round.name if p.selection_round else "",
            ),
            Column(_("Used in (places)"), lambda p, r: p.adoption_count),
            Column(
                _("Published"),
                lambda p, r: p.published_at.date().isoformat() if p.published_at else "",
            ),
        ]

    def related(self, ids: list[int]) -> dict:
        return {
            "theme": names_per_object(Practice.themes, ids, self.names["theme"]),
            "group": names_per_object(Practice.target_groups, ids, self.names["group"]),
            "phase": names_per_object(Practice.phases, ids, self.names["phase"]),
            "municipality": names_per_object(
                Practice.municipalities, ids, self.names["municipality"]
            ),
        }
