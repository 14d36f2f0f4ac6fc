"""Who may do what: the two staff groups, what each may do, and the questions asked
of them.

`PERMISSIONS` is the one table of the groups' rights; a data migration gives each
group exactly these (`roles_apply`), so a change here needs a new migration that
calls it again. Group membership is read from the database on every request, so
removing someone from a group takes effect at once.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

EDITORS = "Editors"
JURY = "Jury"

ALL = "all"  # add, change, delete and view
# By group, app and model: the actions (or custom permissions) allowed.
PERMISSIONS: dict[str, dict[str, dict[str, str | list[str]]]] = {
    EDITORS: {
        "practices": {
            "theme": ALL,
            "targetgroup": ALL,
            "integrationphase": ALL,
            "region": ALL,
            "municipality": ALL,
            "criterion": ALL,
            "selectionround": ALL,
            "practice": ALL,
            "practicelink": ALL,
            "criterionassessment": ALL,
            # Reports of where a practice is used: approved or removed, never written
            # by an editor (they come from the practice's page).
            "adoption": ["view", "change", "delete"],
            "contactmessage": ["view", "delete"],
        },
        "projects": {"project": ALL, "projectfunding": ALL, "projectlink": ALL},
        "submissions": {
            "call": ALL,
            "submission": [
                "view",
                "change",
                "delete",
                "decide_submission",
                "publish_submission",
                "view_ranking",
                "view_contact_details",
            ],
            "selfassessment": ["view"],
            "attachment": ["view"],
            "submissiontransition": ["view"],
            "review": ["view"],
            "reviewscore": ["view"],
            # Jury members declare their own conflicts (their desk); an editor removes a
            # declaration made by mistake and lifts a conflict in the review's page.
            "declaredconflict": ["view", "delete"],
            "liftedconflict": ["view"],
            "staffprofile": ["view", "add", "change"],
        },
        "outbox": {"outgoingemail": ["view", "change"]},
        # Alert subscriptions: seen and removed on request, never written by an editor.
        "alerts": {"subscription": ["view", "delete"]},
    },
    JURY: {
        "submissions": {
            "submission": ["view"],
            "selfassessment": ["view"],
            "attachment": ["view"],
            "review": ["view", "add", "change"],
            "reviewscore": ["view", "add", "change"],
        },
    },
}


def codenames(model: str, actions: str | list[str]) -> list[str]:
    actions = ["add", "change", "delete", "view"] if actions == ALL else actions
    return [action if "_" in action else f"{action}_{model}" for action in actions]


def roles_apply(apps) -> None:
    """Give each group exactly the permissions of PERMISSIONS (`apps`: the registry, or a
    migration's historical one).

    A model the historical registry does not hold yet (its migration comes later) is
    left out: the migration that brings it calls this again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    known = {(model._meta.app_label, model._meta.model_name) for model in apps.get_models()}
    named = {label for table in PERMISSIONS.values() for label in table}
    labels = {label for label, _model in known if label in named}
    for label in labels:
        # Permissions are normally made after all migrations; these are needed now.
        config = apps.get_app_config(label)
        config.models_module = getattr(config, "models_module", None) or True
        create_permissions(config, apps=apps, verbosity=0)
    for name, table in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [
            Permission.objects.get(content_type__app_label=label, codename=codename)
            for label, models in table.items()
            for model, actions in models.items()
            if (label, model) in known
            for codename in codenames(model, actions)
        ]
        group.permissions.set(wanted)


User = AbstractBaseUser | AnonymousUser


def is_editor(user: User) -> bool:
    """Editors run calls, decide on submissions and publish practices."""
    return bool(user.is_active and user.has_perm("submissions.decide_submission"))


def is_juror(user: User) -> bool:
    """Jury members score the submissions of the calls they are assigned to."""
    return bool(user.is_active and user.is_authenticated and user.groups.filter(name=JURY).exists())
