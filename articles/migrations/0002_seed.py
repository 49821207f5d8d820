"""
What a new Vetted database starts with: the editorial roles and the
permissions each holds (a frozen copy of ``articles.policy.ROLE_PERMISSIONS``),
the disclaimers every article carries, the topics with their own notices and
mention terms, and the disclaimers that apply by claim category. The wording
is Vetted's own; publishers change it later, which makes new versions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

#: Frozen copy of articles.policy.ROLE_PERMISSIONS as of this migration (later
#: migrations add to it; tests/test_policy.py checks the groups match the policy).
_READ_ALL = [
    "view_article",
    "view_articlerevision",
    "view_claimflag",
    "view_claimresolution",
    "view_disclaimer",
    "view_image",
    "view_reference",
    "view_reviewdecision",
    "view_reviewerprofile",
    "view_reviewnote",
    "view_revisiondisclaimer",
    "view_section",
    "view_topic",
    "view_workflowevent",
]
ROLE_PERMISSIONS = {
    "Writers": _READ_ALL + [
        "add_article",
        "add_image",
        "add_reference",
        "add_section",
        "change_article",
        "change_image",
        "change_reference",
        "change_section",
        "delete_reference",
        "delete_section",
        "submit_article",
    ],
    "Medical reviewers": _READ_ALL + [
        "review_articlerevision",
    ],
    "Publishers": _READ_ALL + [
        "add_disclaimer",
        "add_reviewerprofile",
        "add_topic",
        "change_disclaimer",
        "change_reviewerprofile",
        "change_topic",
        "publish_article",
        "view_integrityalert",
    ],
}


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


TOPICS = [
    ("kratom", "Kratom", "What is and is not known about kratom, its risks and the law."),
    (
        "supplements-and-botanicals",
        "Supplements and botanicals",
        "Herbal products and dietary supplements.",
    ),
]

DISCLAIMERS = [
    {
        "key": "dosage",
        "title": "About amounts and doses",
        "body": (
            "No safe or effective dose has been established for this product, and the strength "
            "of products sold under the same name varies a great deal from one batch or brand "
            "to the next. Any amounts on this page describe what researchers measured or what "
            "people report taking. They are not a recommendation to take that amount. Ask a "
            "doctor or pharmacist before you take any amount."
        ),
        "placement": "top",
        "severity": "warning",
        "topics": [],
        "claim_categories": ["dosage"],
    },
    {
        "key": "interactions",
        "title": "Mixing with medicines, alcohol or other substances",
        "body": (
            "This can interact with prescription and over-the-counter medicines, with alcohol, "
            "and with anything that makes you drowsy, such as sleeping pills, opioid painkillers "
            "or benzodiazepines. Some combinations are dangerous. Ask a pharmacist or doctor "
            "before you combine it with anything else. Do not stop or change a medicine you "
            "were prescribed without talking to the person who prescribed it: stopping some "
            "medicines suddenly can make you seriously ill."
        ),
        "placement": "bottom",
        "severity": "warning",
        "topics": [],
        "claim_categories": ["interaction", "withdrawal_stopping_medication", "drug_substitution"],
    },
    {
        "key": "dependence",
        "title": "Dependence and addiction",
        "body": (
            "Kratom, opioid medicines and some other substances that act on the brain can cause "
            "dependence. People who use them regularly may need more to get the same effect, "
            "feel unwell when they stop, and develop a substance use disorder. If you are "
            "worried about your own use or someone else's, help is available. In the US, the "
            "SAMHSA National Helpline is free, confidential and open every day, around the "
            "clock, on 1-800-662-4357."
        ),
        "placement": "top",
        "severity": "warning",
        "topics": ["kratom"],
        "claim_categories": ["absolute_safety", "drug_substitution", "withdrawal_stopping_medication"],
    },
    {
        "key": "pregnancy_minors",
        "title": "Pregnancy, breastfeeding, children and teenagers",
        "body": (
            "Do not use this while pregnant or breastfeeding unless a clinician who knows your "
            "situation has advised it. Babies exposed to kratom or opioids before birth have been "
            "born with withdrawal symptoms. It is not for children or teenagers. Speak to a "
            "doctor, midwife or pharmacist first."
        ),
        "placement": "bottom",
        "severity": "warning",
        "topics": [],
        "claim_categories": ["vulnerable_groups"],
    },
    {
        "key": "regulatory_status",
        "title": "Regulatory status",
        "body": (
            "Dietary supplements and herbal products do not need approval from the US Food and "
            "Drug Administration (FDA) before they are sold, and the FDA has not evaluated what "
            "is said about them here. They are not intended to diagnose, treat, cure or prevent "
            "any disease. Kratom is a special case: the FDA has approved no medical use for it, "
            "does not consider it lawful to sell as a dietary supplement or food ingredient, and "
            "advises people not to use it. Laws on kratom differ between states and countries."
        ),
        "placement": "bottom",
        "severity": "info",
        "topics": ["supplements-and-botanicals", "kratom"],
        "claim_categories": ["regulatory_status"],
    },
    {
        "key": "commercial",
        "title": "Commercial relationships",
        "body": (
            "Vetted may be paid if you buy through some links on this page, or a sponsor supported "
            "it. Sponsors and advertisers have no say over what we write or what our medical "
            "reviewers approve, and advertising is always labelled as advertising. Editors add "
            "this notice to pages where it applies."
        ),
        "placement": "top",
        "severity": "info",
        "topics": [],
        "claim_categories": [],
    },
]


#: Any mention of kratom or its alkaloids brings the kratom topic's notices, tagged or not.
KRATOM_TERMS = "kratom\nmitragyna\nmitragynine\n7-OH\n7-hydroxymitragynine\nketum"
#: Kratom guidance changes quickly (regulation, new case reports): re-review after 180 days.
TOPIC_SETTINGS = {"kratom": {"mention_terms": KRATOM_TERMS, "review_interval_days": 180}}


def seed(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)

    apps.get_model("articles", "LedgerHead").objects.get_or_create(pk=1)
    Topic = apps.get_model("articles", "Topic")
    Disclaimer = apps.get_model("articles", "Disclaimer")
    topics = {
        slug: Topic.objects.create(slug=slug, name=name, description=description, **TOPIC_SETTINGS.get(slug, {}))
        for slug, name, description in TOPICS
    }
    for data in GLOBAL_DISCLAIMERS:
        Disclaimer.objects.create(**data, applies_to_all=True, active=True)
    for data in DISCLAIMERS:
        data = dict(data)
        topic_slugs = data.pop("topics")
        disclaimer = Disclaimer.objects.create(**data, applies_to_all=False, active=True)
        disclaimer.topics.set([topics[slug] for slug in topic_slugs])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
