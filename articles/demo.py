"""
Demo content for a newcomer: users of each role, topics, the seed drafts, and
one article taken all the way through review to publication.

Every step goes through the actions (import, editing, workflow), exactly as
a real editor, reviewer and publisher would.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from articles import actions, policy
from articles.claims import ClaimCategory
from articles.importing.sources import file_source
from articles.models import Article, Reference, ReviewerProfile, Topic

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
DEMO_PASSWORD = "vetted-demo-only"

USERS = [
    # username, first, last, groups, superuser
    ("writer", "Sam", "Okafor", [policy.WRITERS], False),
    ("reviewer", "Priya", "Raman", [policy.MEDICAL_REVIEWERS], False),
    ("reviewer2", "Daniel", "Cho", [policy.MEDICAL_REVIEWERS], False),
    ("publisher", "Maria", "Lopez", [policy.PUBLISHERS], False),
    ("admin", "Site", "Administrator", [], True),
]
REVIEWER_PROFILES = {
    "reviewer": (
        "priya-raman", "PharmD", "Clinical pharmacology and drug interactions",
        "pharmacist", "RPH-0048213", "State Board of Pharmacy",
    ),
    "reviewer2": ("daniel-cho", "MD", "Sports medicine", "physician", "MD-1190342", "State Medical Board"),
}
TOPICS = [
    ("Kratom", "kratom", "What is and is not known about kratom, its risks and the law."),
    ("Muscle recovery", "muscle-recovery", "Soreness, rest and getting back to exercise safely."),
    ("Sleep", "sleep", "Sleep problems, sleep aids and sleep hygiene."),
    ("Pain management", "pain-management", "Managing acute and chronic pain."),
    ("Supplements and botanicals", "supplements-and-botanicals", "Herbal products and dietary supplements."),
]
CHANGES_NOTE = (
    "Please remove the claim that kratom is non-addictive and the promise of pain relief "
    "without opioid addiction: both are contradicted by FDA warnings. Do not give gram doses. "
    "Say what the evidence does and does not show, and cite it."
)
#: Sources of the rewritten live article, cited in it as [ref:N].
REWRITE_REFERENCES = [
    {
        "title": "FDA and kratom (US Food and Drug Administration)",
        "url": "https://www.fda.gov/news-events/public-health-focus/fda-and-kratom",
    },
    {
        "title": "Vicknasingam B, et al. Kratom and pain tolerance: a randomized, placebo-controlled, "
        "double-blind study. Yale J Biol Med. 2020.",
        "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC7309661/",
    },
    {
        "title": "Olsen EO, et al. Unintentional drug overdose deaths with kratom detected: "
        "27 states, July 2016-December 2017. MMWR 2019;68(14):326-327.",
        "url": "https://www.cdc.gov/mmwr/volumes/68/wr/mm6814a2.htm",
    },
]
#: The demo reviewer's reason for accepting each kind of flagged claim in the
#: rewrite, and the reference that supports it where one is needed.
CLAIM_ACCEPTANCE = {
    ClaimCategory.INTERACTION: (
        "A caution against combining kratom with other substances; it matches FDA and "
        "CDC reports that most deaths involved other drugs.", 3),
    ClaimCategory.EMERGENCY: (
        "Names a warning sign or a reported harm so readers know when to get care; "
        "accurate and not alarmist.", 1),
    ClaimCategory.WITHDRAWAL_STOPPING_MEDICATION: (
        "Describes withdrawal as a risk of regular use, as the FDA "
        "warns; it does not suggest kratom for withdrawal.", 1),
    ClaimCategory.VULNERABLE_GROUPS: (
        "Advises against use in pregnancy and breastfeeding: the cautious, correct position.", 1),
    ClaimCategory.EFFICACY_OVERSTATEMENT: ("States the limits of the evidence; the trial is cited.", 2),
    ClaimCategory.MECHANISM: ("Describes receptor activity cautiously; the FDA page supports it.", 1),
}
DEFAULT_ACCEPTANCE = ("Read in context: accurate and appropriately cautious.", None)


def load(stdout=None):
    """Create the demo data; returns False if it was already there."""
    say = stdout.write if stdout else (lambda message: None)
    User = get_user_model()
    if User.objects.filter(username="writer").exists():
        say("Demo content already loaded.")
        return False
    with transaction.atomic():
        users = _create_users(User)
        topics = _create_topics()
        outcomes = list(
            actions.import_drafts(
                map(file_source, sorted((DEMO_DIR / "drafts").glob("*.txt"))),
                by=users["writer"],
                author=users["writer"],
                topics=[topics["kratom"]],
            )
        )
        failed = [outcome.describe() for outcome in outcomes if outcome.failed]
        if failed:
            raise ValueError("The demo drafts no longer import:\n" + "\n".join(failed))
        articles = [outcome.article for outcome in outcomes]
        say(f"Imported {len(articles)} seed drafts.")
        live = _take_through_review(articles[0], users)
        say(f"Published “{live.title}” at /articles/{live.slug}/.")
        actions.submit_for_review(articles[1], by=users["writer"])
        changes = actions.submit_for_review(articles[3], by=users["writer"])
        actions.request_changes(changes, by=users["reviewer2"], note=CHANGES_NOTE)
        say("One article is waiting in the review queue, one has changes requested.")
    return True


def _create_users(User):
    users = {}
    for username, first, last, group_names, superuser in USERS:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            is_staff=True,
            is_superuser=superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=group_names))
        users[username] = user
    # The administrator seeds the profiles; the publisher, a second person, verifies them.
    for username, (slug, credentials, specialty, kind, number, body) in REVIEWER_PROFILES.items():
        profile = ReviewerProfile.objects.create(
            user=users[username],
            slug=slug,
            credentials=credentials,
            credential_type=kind,
            licence_number=number,
            issuing_body=body,
            specialty=specialty,
            bio=f"{users[username].get_full_name()}, {credentials}, reviews articles on {specialty.lower()}.",
            created_by=users["admin"],
        )
        actions.verify_credentials(profile, by=users["publisher"])
    return users


def _create_topics():
    # Some topics exist already: disclaimer rules (migration 0007) refer to them.
    return {
        slug: Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for name, slug, description in TOPICS
    }


def _take_through_review(article, users):
    """
    Seed draft -> changes requested -> rewritten with sources -> every flagged
    claim accepted by the reviewer -> approved by the pharmacologist and a
    second reviewer (the kratom topic's review policy) -> published.
    """
    first = actions.submit_for_review(article, by=users["writer"])
    actions.request_changes(first, by=users["reviewer"], note=CHANGES_NOTE)

    rewrite = file_source(DEMO_DIR / "reviewed" / "kratom-muscle-soreness-evidence.txt")
    article = actions.import_draft(rewrite, by=users["writer"], into=article).article
    article = actions.save_working_copy(
        article,
        by=users["writer"],
        expected_version=article.edit_version,
        references=[Reference(**source) for source in REWRITE_REFERENCES],
    )

    second = actions.submit_for_review(article, by=users["writer"], note="Rewritten as requested.")
    for flag in second.claim_flags.order_by("pk"):
        reason, reference = CLAIM_ACCEPTANCE.get(flag.category, DEFAULT_ACCEPTANCE)
        actions.resolve_claim(flag, by=users["reviewer"], reason=reason, reference_number=reference)
    actions.approve(second, by=users["reviewer"], note="Accurate, balanced and clear about the risks.")
    actions.approve(second, by=users["reviewer2"], note="Agreed; the advice on stopping is sound.")
    actions.publish(article, by=users["publisher"])
    return Article.objects.get(pk=article.pk)
