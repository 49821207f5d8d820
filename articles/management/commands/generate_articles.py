"""
``manage.py generate_articles --count N``: realistic published content for
benchmarks and load tests, made through the actions layer (a writer saves and
submits, a different medical reviewer accepts the flagged claims and approves,
a publisher publishes), so every row is what the real workflow writes.

``--count`` is the number of generated articles wanted: the command tops up to
it, so an interrupted run resumes where it stopped (an article it left half
way through the workflow is carried on from where it is, and numbers never
made are made) and a second run with a larger count only adds the difference.
Article ``n`` always gets the same text for the same seed, whichever run (or
``--workers`` process) made it.

The text is drawn like prose rather than word soup: a few hundred everyday
words with Zipf-like frequencies (a handful in every article, most in some),
two "rare" words per article from a list of specific terms (each in well under
1% of articles at 10,000), and the article's subject. That gives searches the
spread real sites see, from words in most articles to words in a few dozen. The
everyday words avoid the claim detector's cues (time and frequency words read
as dosage to the learned detector in word salad), and each article adds one
efficacy claim (resolving it cites reference 1) and one mention of a vulnerable
group, so every article goes through claim resolution (a few flags each) as
real ones do, rather than the reviewer resolving twenty accidental flags.
"""

import contextlib
import itertools
import os
import random
import re
import signal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

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
#: Everyday words, most frequent first; drawn with weight 1 / rank.
WORDS = (
    "people home work meal water walk plan change notes family friends sleep food rest "
    "body doctor nurse question kitchen breakfast lunch dinner snack drink tea coffee "
    "bread rice beans fruit vegetables soup salad pasta fish eggs milk cheese nuts seeds "
    "oats apples berries bananas carrots spinach lentils yoghurt herbs spices salt sugar "
    "label plate glass bottle recipe shopping list calendar diary clock alarm phone "
    "screen reading music podcast hobby garden park stairs bicycle bus train office desk "
    "chair shift commute weekend holiday season winter summer autumn spring weather rain "
    "heat light noise quiet bedroom pillow mattress blanket curtain bedtime nap window "
    "door room table sofa shoes jacket bag neighbour colleague partner parent grandparent "
    "pharmacist practice clinic appointment leaflet form letter chart reading measurement "
    "scale cuff tape record pattern distance route map class group club pool swimming "
    "dancing yoga gym football tennis running cycling gardening cooking cleaning driving "
    "writing talking listening laughing breathing sitting standing stretching lifting "
    "carrying bending simple small steady gentle slow quick busy calm warm cool fresh dry "
    "bright dark long short easy hard clear careful patient honest practical useful "
    "familiar ordinary local nearby"
).split()
#: Specific terms, two per article, drawn uniformly: each lands in about 2 / len(RARE_WORDS) of articles.
RARE_WORDS = (
    "allotment aquarobics archery badminton baguette barley basil beetroot birdwatching "
    "blackcurrant bouldering bowls broccoli buckwheat bulgur butternut canoeing cardamom "
    "cauliflower celeriac chard chess chickpeas chives choir cinnamon clementine coriander "
    "courgette couscous crochet croquet cumin curling damson darts dill embroidery fennel "
    "fenugreek figs flapjack foraging frisbee gooseberry granola grapefruit guava hazelnut "
    "hiking hockey horseradish hummus juggling kale kayaking kefir kimchi kiwi knitting "
    "kohlrabi lacrosse leek lemongrass linseed lychee mackerel mango marjoram marmalade "
    "millet miso mushrooms netball nutmeg okra orienteering oregano origami pak choi "
    "paprika parsnip passionfruit pearl barley pecan pilates plums pomegranate porridge "
    "pottery quinoa radish raspberry rhubarb rounders rowing rye saffron sage sailing "
    "sardines sauerkraut scrabble semolina sesame shallot skating sorrel sourdough "
    "spelt squash sudoku swede sweetcorn tahini tangerine tarragon tempeh thyme tofu "
    "trampolining turmeric turnip ukulele volleyball walnut watercress woodwork yams "
    "zumba allspice anchovies apricots artichoke asparagus aubergine avocado bilberry "
    "bramble brisket cashew celery cherries chestnut cloves cranberry custard dates "
    "edamame elderflower endive falafel farro gherkin ginger haddock halloumi jackfruit "
    "jujitsu karate lentil soup lime macadamia mahjong mandolin marathon melon mint "
    "mozzarella muesli mustard nectarine olives onions orienteers papaya paella peaches "
    "pears peppers pesto pickles pilchards pineapple pistachio polenta prunes pumpkin "
    "quince raisins ramen risotto rocket salmon samphire satsuma scones seaweed "
    "snooker soba squash court strawberries sultanas swimming pool tabbouleh tai chi "
    "tamarind taramasalata tomatoes trout tuna vinegar wasabi watermelon wholemeal"
).split()
WORD_WEIGHTS = list(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
HEADINGS = ["What it is", "Who it affects", "What the evidence says", "Practical steps", "When to get help"]
USERS = [
    ("gen-writer", [roles.WRITERS]),
    ("gen-reviewer-1", [roles.MEDICAL_REVIEWERS]),
    ("gen-reviewer-2", [roles.MEDICAL_REVIEWERS]),
    ("gen-publisher", [roles.PUBLISHERS]),
]
SLUG_MARK = "-guide-"
_NUMBER = re.compile(re.escape(SLUG_MARK) + r"(\d+)$")


class Command(BaseCommand):
    help = "Top up to N generated, published articles (five ~150-word sections each) made through the real workflow."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many generated articles there should be")
        parser.add_argument("--seed", type=int, default=13, help="random seed (same seed, same text)")
        parser.add_argument(
            "--workers", type=int, default=1,
            help="processes publishing at once (each through the actions, each article in its own transactions)",
        )

    def handle(self, *args, count, seed, workers, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        users = _users()
        topics = [Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in TOPICS]
        generated = Article.objects.filter(created_by=users["gen-writer"], slug__contains=SLUG_MARK)
        for article in generated.filter(first_published_at__isnull=True):
            _carry_through(article, users)
        made = {int(match[1]) - 1 for slug in generated.values_list("slug", flat=True) if (match := _NUMBER.search(slug))}
        missing = [n for n in range(count) if n not in made]
        if not missing:
            self.stdout.write(f"{len(made)} generated articles already; nothing to add.")
            return
        workers = min(workers, len(missing))
        if workers == 1:
            self._publish(missing, seed, users, topics)
        else:
            self._fork(workers, missing, seed, users, topics)
        self.stdout.write(f"Published {len(missing)} articles (up to {count}).")

    def _publish(self, numbers, seed, users, topics):
        for done, n in enumerate(numbers, 1):
            _publish_one(n, random.Random(f"{seed}-{n}"), users, topics)
            if done % 500 == 0:
                self.stdout.write(f"{done} of {len(numbers)} published")
                self.stdout.flush()

    def _fork(self, workers, numbers, seed, users, topics):
        """Each child takes every ``workers``-th article, on its own database connection."""
        from articles.claims import combined, engine

        engine.compile_rules()
        combined.model_status()
        connections.close_all()
        children = []
        for worker in range(workers):
            pid = os.fork()
            if pid == 0:
                status = 0
                try:
                    self._publish(numbers[worker::workers], seed, users, topics)
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    status = 1
                finally:
                    connections.close_all()
                    os._exit(status)
            children.append(pid)

        def stop_children(signum, frame):
            for child in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGTERM)
            raise SystemExit(1)

        signal.signal(signal.SIGTERM, stop_children)
        failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
        if failed:
            raise CommandError(f"{len(failed)} of {workers} workers failed; run the command again to resume.")


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


def _paragraph(rng, subject, words=150, extra=()):
    """About ``words`` words of sentences; ``extra`` words are each placed once."""
    sentences, total = [], 0
    extra = list(extra)
    while total < words:
        length = rng.randint(9, 18)
        chosen = rng.choices(WORDS, cum_weights=WORD_WEIGHTS, k=length)
        if rng.random() < 0.4:
            chosen[rng.randrange(length)] = subject
        if extra:
            chosen[rng.randrange(length)] = extra.pop()
        sentences.append(" ".join(chosen).capitalize() + ".")
        total += length
    return " ".join(sentences)


def _publish_one(n, rng, users, topics):
    subject = SUBJECTS[n % len(SUBJECTS)]
    rare = rng.sample(RARE_WORDS, 2)
    sections = [
        Section(heading=heading, body=_paragraph(rng, subject, extra=[rare[0]] if index == 2 else ()))
        for index, heading in enumerate(HEADINGS)
    ]
    # Claims a real article makes: one about efficacy and one about a vulnerable group.
    sections[2].body += f" Studies show that steady {subject} changes help most adults within weeks."
    sections[1].body += f" Children and older people may notice {subject} changes sooner."
    article = save_working_copy(
        Article(
            title=f"{subject.capitalize()}: what to know, part {n + 1}",
            slug=f"{subject.replace(' ', '-')}{SLUG_MARK}{n + 1}",
            summary=f"- {_paragraph(rng, subject, 20)}\n- {_paragraph(rng, subject, 15)}",
            standfirst=_paragraph(rng, subject, 40, extra=[rare[1]]),
            conclusion=_paragraph(rng, subject, 40),
        ),
        by=users["gen-writer"],
        authors=[users["gen-writer"]],
        topics=rng.sample(topics, 2),
        sections=sections,
        references=[
            Reference(title=f"A study of {subject} ({year})", url=f"https://example.org/{subject.replace(' ', '-')}/{year}")
            for year in rng.sample(range(2005, 2025), 3)
        ],
    )
    _carry_through(article, users, reviewer=users[rng.choice(["gen-reviewer-1", "gen-reviewer-2"])])


def _carry_through(article, users, reviewer=None):
    """Take a generated article from wherever it is in the workflow to live."""
    reviewer = reviewer or users["gen-reviewer-1"]
    revision = article.revisions.order_by("-number").first()
    if revision is None:
        revision = workflow.submit_for_review(article, by=users["gen-writer"])
    if not hasattr(revision, "decision"):
        for flag in revision.claim_flags.with_resolution():
            if flag.is_resolved:
                continue
            workflow.resolve_claim(
                flag, by=reviewer, reason="Supported by the cited study.",
                reference_number=1 if flag.needs_reference else None,
            )
        workflow.approve(revision, by=reviewer, note="Checked against the sources.")
    workflow.publish(article, by=users["gen-publisher"])
