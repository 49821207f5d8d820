"""
The disclaimers that apply by topic or by the claims an article makes, in
Vetted's own words (topics D3-D8 of the health-content standards; D1 and D2,
"not medical advice" and "emergency", come from 0003 and apply to every
article). Publishers can change the wording and the rules later; changing the
wording makes a new version and lists the live pages that carry the old one.
"""

from django.db import migrations

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


def create(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    Disclaimer = apps.get_model("articles", "Disclaimer")
    topics = {}
    for slug, name, description in TOPICS:
        topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name=name).first()
        if topic is None:
            topic = Topic.objects.create(slug=slug, name=name, description=description)
        topics[slug] = topic
    for data in DISCLAIMERS:
        data = dict(data)
        topic_slugs = data.pop("topics")
        if Disclaimer.objects.filter(key=data["key"]).exists():
            continue  # a publisher already made one; their wording wins
        disclaimer = Disclaimer.objects.create(**data, applies_to_all=False, active=True)
        disclaimer.topics.set([topics[slug] for slug in topic_slugs])


def remove(apps, schema_editor):
    Disclaimer = apps.get_model("articles", "Disclaimer")
    Disclaimer.objects.filter(
        key__in=[d["key"] for d in DISCLAIMERS], frozen_copies__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_claim_permissions_and_disclaimer_index")]

    operations = [migrations.RunPython(create, remove)]
