from django.contrib import admin, messages
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from website.admin import CatalogueAdminMixin, CatalogueInlineMixin
from website.i18n import Alphabetical

from .forms import PracticeAdminForm
from .models import (
    Adoption,
    ContactMessage,
    Criterion,
    CriterionAssessment,
    IntegrationPhase,
    Municipality,
    Practice,
    PracticeLink,
    Region,
    SelectionRound,
    TargetGroup,
    Theme,
)
from .services import adoption_approve, practice_archive, practice_publish
from .workflow import TransitionRefused, transition_apply


def missing_message(code: str, names: list[str]) -> str:
    """What the editor is told of the texts still to translate into one language."""
    language = get_language_info(code)["name_translated"]
    return _("Not yet translated into %(language)s: %(fields)s.") % {
        "language": language,
        "fields": "; ".join(names),
    }


class VocabularyAdmin(CatalogueAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name_fi"]}


admin.site.register(Theme, VocabularyAdmin)
admin.site.register(TargetGroup, VocabularyAdmin)
admin.site.register(IntegrationPhase, VocabularyAdmin)


@admin.register(Criterion)
class CriterionAdmin(VocabularyAdmin):
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "position"]}),
        (
            _("Scoring guidance for the jury"),
            {
                "fields": ["level_0", "level_1", "level_2", "level_3"],
                "description": _(
                    "What each score means for this criterion; shown beside the scores in "
                    "the review form."
                ),
            },
        ),
    ]


# Places in the alphabet of the editor's language (Å, Ä, Ö after Z in Finnish and
# Swedish), sorted by the database: the lists, their pages, the region filter, the
# region's choices and the autocomplete of municipalities (which follows the model
# admin's ordering) all agree.
REGION_NAME = Alphabetical("name")
MUNICIPALITY_NAME = Alphabetical(Municipality.name_in)


@admin.register(Region)
class RegionAdmin(CatalogueAdminMixin, TabbedTranslationAdmin):
    list_display = ["region_name", "code", "slug"]
    search_fields = ["name_fi", "name_sv", "name_en", "code"]
    prepopulated_fields = {"slug": ["name_fi"]}
    ordering = [REGION_NAME]

    @admin.display(description=_("name"), ordering=REGION_NAME)
    def region_name(self, region: Region) -> str:
        return region.name


@admin.register(Municipality)
class MunicipalityAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    list_display = [
        "municipality_name",
        "name_sv",
        "code",
        "population",
        "size_class",
        "region",
        "ended_on",
    ]
    list_filter = ["size_class", "region", ("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["name_fi", "name_sv", "code"]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name_fi"]}
    ordering = [MUNICIPALITY_NAME]

    def get_list_display(self, request):
        """The name the editor reads (and sorts by) first, then the other national one."""
        if get_language() != "sv":
            return self.list_display
        return ["name_fi" if column == "name_sv" else column for column in self.list_display]

    @admin.display(description=_("name"), ordering=MUNICIPALITY_NAME)
    def municipality_name(self, municipality: Municipality) -> str:
        return municipality.name


@admin.register(SelectionRound)
class SelectionRoundAdmin(CatalogueAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "date"]
    date_hierarchy = "date"
    search_fields = ["name_fi", "name_sv", "name_en"]


class CriterionAssessmentInline(CatalogueInlineMixin, TranslationStackedInline):
    model = CriterionAssessment
    extra = 0
    max_num = 6
    fields = ["criterion", "rating", "how_met", "justification"]


class PracticeLinkInline(CatalogueInlineMixin, TranslationStackedInline):
    model = PracticeLink
    extra = 0
    fields = ["title", "url", "kind", "position"]


@admin.register(Practice)
class PracticeAdmin(CatalogueAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    form = PracticeAdminForm
    exclude = ["status"]  # the form's own choice, handed to the workflow (save_model)
    list_display = ["title", "organisation", "status", "selection_round", "published_at"]
    list_filter = ["status", "themes", "target_groups", "phases", "selection_round"]
    list_select_related = ["selection_round"]
    search_fields = ["title_fi", "title_sv", "title_en", "organisation_fi", "slug"]
    # Only through get_prepopulated_fields, which knows when the slug is read-only:
    # django-simple-history's version pages read this attribute as it is.
    prepopulated_fields: dict = {}
    autocomplete_fields = ["municipalities"]
    filter_horizontal = ["themes", "target_groups", "phases"]
    readonly_fields = ["created_at", "updated_at", "published_at"]
    inlines = [CriterionAssessmentInline, PracticeLinkInline]
    actions = ["publish_selected", "archive_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "status"]}),
        (
            _("Description"),
            {"fields": ["goal", "how_it_works", "results", "resources", "adoption"]},
        ),
        (
            _("Organisation, funding and contact"),
            {
                "fields": [
                    "organisation",
                    "funder",
                    "funding_programme",
                    "contact_role",
                    "contact_person",
                    "contact",
                    "contact_email",
                    "video_url",
                ]
            },
        ),
        (
            _("Where and for whom"),
            {
                "fields": [
                    "municipalities",
                    ("suits_small", "suits_medium", "suits_large"),
                    "themes",
                    "target_groups",
                    "phases",
                    "selection_round",
                ]
            },
        ),
        (_("Dates"), {"fields": ["created_at", "updated_at", "published_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.published_at is not None:
            # Addresses of published practices are cited and linked: they do not change.
            readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            return {}
        return {"slug": ["title_fi"]}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A practice not yet public says, on opening, exactly which texts are still to
        translate into which language (none of them bars publishing)."""
        if request.method == "GET":
            practice = self.get_object(request, object_id)
            if practice is not None and practice.status != Practice.Status.PUBLISHED:
                for code, names in practice.missing_translations().items():
                    self.message_user(request, missing_message(code, names), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """The texts are saved as they are; a changed status goes through the workflow
        (a first publication gets its date, and the history who did it)."""
        super().save_model(request, obj, form, change)
        target = form.cleaned_data["status"]
        if target != obj.status:
            try:
                transition_apply(practice=obj, to=target, by=request.user)
            except TransitionRefused as refused:  # changed by someone else meanwhile
                self.message_user(request, str(refused), messages.ERROR)

    @admin.action(description=_("Publish the selected practices"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count, refused = 0, []
        for practice in queryset.exclude(status=Practice.Status.PUBLISHED):
            # The same rules as the change form: a draft whose page would lack a text
            # in every language (a title, a summary) is not published.
            try:
                practice_publish(practice=practice, by=request.user)
            except TransitionRefused:
                refused.append(practice.slug)
                continue
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d practice published.", "%(count)d practices published.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                _(
                    "Not published, because something the page needs is missing (open the "
                    "practice to see what): %(practices)s"
                )
                % {"practices": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Archive the selected practices"), permissions=["change"])
    def archive_selected(self, request, queryset):
        count = 0
        for practice in queryset.exclude(status=Practice.Status.ARCHIVED):
            practice_archive(practice=practice, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d practice archived.", "%(count)d practices archived.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class AdoptionApprovedFilter(admin.SimpleListFilter):
    title = _("approved")
    parameter_name = "approved"

    def lookups(self, request, model_admin):
        return [("no", _("Waiting for approval")), ("yes", _("Approved"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.pending()
        if self.value() == "yes":
            return queryset.approved()
        return queryset


@admin.register(Adoption)
class AdoptionAdmin(CatalogueAdminMixin, SimpleHistoryAdmin):
    """Reports of where a practice is used: an editor approves them with one click (the
    history keeps who and when), and the practice's owner is told."""

    list_display = ["organisation", "municipality", "year", "practice", "created_at", "approved_at"]
    list_filter = [AdoptionApprovedFilter, "language"]
    list_select_related = ["municipality", "practice"]
    search_fields = ["organisation", "practice__title_fi", "municipality__name_fi"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["practice", "language", "created_at", "approved_at", "approved_by"]
    fields = [
        "practice",
        "organisation",
        "municipality",
        "year",
        "changes",
        "experience",
        "language",
        "contact_name",
        "contact_email",
        "consent",
        "created_at",
        "approved_at",
        "approved_by",
    ]
    actions = ["approve_selected"]

    def has_add_permission(self, request):
        return False  # reports come from the practice's page

    @admin.action(description=_("Approve the selected reports"), permissions=["change"])
    def approve_selected(self, request, queryset):
        count = sum(
            adoption_approve(adoption=adoption, by=request.user) for adoption in queryset.pending()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d report approved: it is shown on the practice's page.",
                "%(count)d reports approved: they are shown on the practices' pages.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ContactMessage)
class ContactMessageAdmin(CatalogueAdminMixin, admin.ModelAdmin):
    """Messages visitors sent to practices' owners: kept for a while for questions and
    abuse, then removed (CONTACT_MESSAGE_RETENTION_DAYS). Read-only."""

    list_display = ["created_at", "practice", "sender_name", "language"]
    list_filter = ["language"]
    list_select_related = ["practice"]
    search_fields = ["sender_name", "sender_email", "practice__title_fi"]
    date_hierarchy = "created_at"
    fields = [
        "practice",
        "created_at",
        "sender_name",
        "sender_email",
        "sender_organisation",
        "message",
        "language",
        "owner_email",
        "copy_email",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
