"""
``manage.py generate_articles --count N``: realistic published content for
benchmarks and load tests, made through the actions layer (a writer saves and
submits, a different medical reviewer accepts the flagged claims and approves,
a publisher publishes), so every row is what the real workflow writes.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles import policy as roles
from articles.actions import verify_credentials, workflow
from articles.actions.editing import save_working_copy
from articles.models import Article, Reference, ReviewerProfile, Section, Topic

TOPICS = [
    ("Sleep", "sleep"), ("Nutrition", "nutrition"), ("Exercise", "exercise"),
    ("Mental health", "mental-health"), ("Heart health", "heart-health"),
    ("Pain relief", "pain-relief"), ("Diabetes", "diabetes"), ("Allergies", "allergies"),
]
SUBJECTS = [
    "sleep", "hydration", "walking", "stretching", "fibre", "caffeine", "stress", "posture",
    "blood pressure", "cholesterol", "vitamin D", "iron", "pollen", "back pain", "headaches",
    "blood sugar", "breathing", "screen time", "sunlight", "strength training",
]
WORDS = (
    "adults children research studies suggest regular daily habits clinicians recommend "
    "symptoms risk evidence trial doses effects patients guidance common mild severe "
    "routine healthy balance activity recovery diet pattern changes months weeks people "
    "doctor pharmacist advice benefit harm reduce improve support measure check record "
    "morning evening meals water fruit vegetables exercise rest energy mood focus"
).split()
HEADINGS = ["What it is", "Who it affects", "What the evidence says", "Practical steps", "When to get help"]
USERS = [
    ("gen-writer", [roles.WRITERS]),
    ("gen-reviewer-1", [roles.MEDICAL_REVIEWERS]),
    ("gen-reviewer-2", [roles.MEDICAL_REVIEWERS]),
    ("gen-publisher", [roles.PUBLISHERS]),
]


class Command(BaseCommand):
    help = "Create N published articles (five ~150-word sections each) through the real workflow."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many articles to publish")
        parser.add_argument("--seed", type=int, default=13, help="random seed (same seed, same text)")

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        rng = random.Random(seed)
        users = _users()
        topics = [Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in TOPICS]
        start = Article.objects.count()
        for n in range(start, start + count):
            _publish_one(n, rng, users, topics)
            if (n - start + 1) % 500 == 0:
                self.stdout.write(f"{n - start + 1} of {count} published")
        self.stdout.write(f"Published {count} articles.")


def _users():
    User = get_user_model()
    users = {}
    for username, group_names in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": username.split("-")[1].title(), "last_name": "Generated", "is_staff": True},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.set(Group.objects.filter(name__in=group_names))
        users[username] = user
    # Seeded profiles, verified by the generated publisher (a second person) so their reviewers may review.
    for username, group_names in USERS:
        if roles.MEDICAL_REVIEWERS in group_names:
            profile, _ = ReviewerProfile.objects.get_or_create(
                user=users[username],
                defaults={
                    "slug": username, "credentials": "MD", "specialty": "General practice",
                    "credential_type": "physician", "licence_number": f"GEN-{username}",
                    "issuing_body": "Generated test register",
                },
            )
            if not profile.credentials_verified:
                verify_credentials(profile, by=users["gen-publisher"])
    return users


def _paragraph(rng, subject, words=150):
    sentences, total = [], 0
    while total < words:
        length = rng.randint(9, 18)
        chosen = rng.choices(WORDS, k=length)
        if rng.random() < 0.5:
            chosen[rng.randrange(length)] = subject
        sentences.append(" ".join(chosen).capitalize() + ".")
        total += length
    return " ".join(sentences)


def _publish_one(n, rng, users, topics):
    subject = SUBJECTS[n % len(SUBJECTS)]
    title = f"{subject.capitalize()}: what to know, part {n + 1}"
    article = save_working_copy(
        Article(
            title=title,
            slug=f"{subject.replace(' ', '-')}-guide-{n + 1}",
            summary=f"- {_paragraph(rng, subject, 20)}\n- {_paragraph(rng, subject, 15)}",
            standfirst=_paragraph(rng, subject, 40),
            conclusion=_paragraph(rng, subject, 40),
        ),
        by=users["gen-writer"],
        authors=[users["gen-writer"]],
        topics=rng.sample(topics, 2),
        sections=[Section(heading=heading, body=_paragraph(rng, subject)) for heading in HEADINGS],
        references=[
            Reference(title=f"A study of {subject} ({year})", url=f"https://example.org/{subject.replace(' ', '-')}/{year}")
            for year in rng.sample(range(2005, 2025), 3)
        ],
    )
    reviewer = users[rng.choice(["gen-reviewer-1", "gen-reviewer-2"])]
    revision = workflow.submit_for_review(article, by=users["gen-writer"])
    for flag in revision.claim_flags.all():
        workflow.resolve_claim(
            flag, by=reviewer, reason="Supported by the cited study.",
            reference_number=1 if flag.needs_reference else None,
        )
    workflow.approve(revision, by=reviewer, note="Checked against the sources.")
    workflow.publish(article, by=users["gen-publisher"])
