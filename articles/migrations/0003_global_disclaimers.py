"""The disclaimers every article carries. Topic and claim rules come later."""

from django.db import migrations

GLOBAL_DISCLAIMERS = [
    {
        "key": "not_medical_advice",
        "title": "This is general information, not medical advice",
        "body": (
            "This article explains what is known about a health topic. It cannot take "
            "account of your health, your medicines or your history, so it is no substitute "
            "for a diagnosis or treatment plan from a clinician who knows you. Talk to a "
            "doctor or pharmacist before you act on anything you read here, and never put "
            "off seeking care because of it."
        ),
        "placement": "bottom",
        "severity": "info",
    },
    {
        "key": "emergency",
        "title": "In an emergency",
        "body": (
            "If someone has collapsed, is having a seizure, is hard to wake or is struggling "
            "to breathe, call your local emergency number now (911 in the US). For a possible "
            "poisoning or overdose in the US, Poison Help is free and open all day and night "
            "on 1-800-222-1222."
        ),
        "placement": "top",
        "severity": "critical",
    },
]


def create(apps, schema_editor):
    Disclaimer = apps.get_model("articles", "Disclaimer")
    for data in GLOBAL_DISCLAIMERS:
        Disclaimer.objects.update_or_create(
            key=data["key"], defaults={**data, "applies_to_all": True, "active": True}
        )


def remove(apps, schema_editor):
    apps.get_model("articles", "Disclaimer").objects.filter(
        key__in=[d["key"] for d in GLOBAL_DISCLAIMERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_roles")]

    operations = [migrations.RunPython(create, remove)]
