"""The two staff groups and what each may do.

Editors keep the catalogue and run calls; jury members only see and score the
submissions of calls they are assigned to (scoping is in the admin's querysets).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = {
    "practices": {
        "theme": "all", "targetgroup": "all", "integrationphase": "all", "region": "all",
        "municipality": "all", "criterion": "all", "selectionround": "all", "practice": "all",
        "practicelink": "all", "criterionassessment": "all",
    },
    "submissions": {
        "call": "all",
        "submission": ["view", "change", "delete", "decide_submission", "publish_submission",
                       "view_ranking", "view_contact_details"],
        "selfassessment": ["view"],
        "attachment": ["view"],
        "submissiontransition": ["view"],
        "review": ["view"],
        "reviewscore": ["view"],
        "outgoingemail": ["view", "change"],
    },
}

JURY = {
    "submissions": {
        "submission": ["view"],
        "selfassessment": ["view"],
        "attachment": ["view"],
        "review": ["view", "add", "change"],
        "reviewscore": ["view", "add", "change"],
    },
}

ALL = ["add", "change", "delete", "view"]


def codenames(model: str, actions) -> list[str]:
    actions = ALL if actions == "all" else actions
    return [action if "_" in action else f"{action}_{model}" for action in actions]


def grant(apps, group_name: str, table: dict) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, models in table.items():
        for model, actions in models.items():
            for codename in codenames(model, actions):
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; these need them now.
    for label in ("practices", "submissions"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    grant(apps, "Editors", EDITORS)
    grant(apps, "Jury", JURY)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Jury"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("practices", "0001_initial"),
        ("submissions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
