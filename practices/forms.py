"""The practice's admin form: its status is chosen here but changed by the workflow."""

import copy

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from website.text import PlainTextModelForm

from .models import Practice
from .workflow import find_transition, publish_problems


class PracticeAdminForm(PlainTextModelForm):
    """The status is a choice of the form, not a field it saves (the admin excludes the
    model's): PracticeAdmin.save_model hands it to the workflow. The form says, before
    anything is saved, why a status cannot be chosen."""

    status = forms.ChoiceField(label=_("status"), choices=Practice.Status.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = self.instance.status if self.instance.pk else Practice.Status.DRAFT
        self.fields["status"].initial = self.current_status

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("status")
        if not target or target == self.current_status:
            return cleaned
        if find_transition(self.current_status, target) is None:
            self.add_error(
                "status",
                _("A practice that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": Practice.Status(self.current_status).label,
                    "target": Practice.Status(target).label,
                },
            )
        elif target == Practice.Status.PUBLISHED:
            candidate = construct_instance(self, copy.copy(self.instance))
            if problems := publish_problems(candidate):
                self.add_error("status", " ".join(problems))
        return cleaned
