"""
Mandatory disclaimers: which ones apply (always, by topic, by the claims in
the text), how they are frozen into a revision so readers see what the
reviewer approved, and what happens when a publisher changes one.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles import actions
from articles.claims import ClaimCategory
from articles.domain import claim_flags
from articles.domain.disclaimers import needing_rereview, rereview_reasons
from articles.models import Article, Disclaimer, RevisionDisclaimer, Section, Topic

from .factories import ArticleFactory, ReviewerFactory, SectionFactory, TopicFactory
from .surfaces import carries, public_renderings, readable

pytestmark = pytest.mark.django_db

GLOBAL = {"not_medical_advice", "emergency"}
DOSE = "Most people who use it take 2 grams twice daily."


def make_article(writer, body="Rest and fluids help sore muscles.", topics=()):
    article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=article, position=1, heading="What people do", body=body)
    article.topics.add(*topics)
    return article


def review_and_publish(article, *, writer, reviewer, publisher):
    """Submit, accept every flagged claim, approve and publish; returns the revision."""
    revision = actions.submit_for_review(article, by=writer)
    for flag in revision.claim_flags.unresolved():
        actions.resolve_claim(flag, by=reviewer, reason="Reported use, not advice.", reference_number=None)
    actions.approve(revision, by=reviewer)
    if revision.required_approvals > 1:  # it mentions kratom
        actions.approve(revision, by=ReviewerFactory(profile__specialty="Toxicology"))
    actions.publish(article, by=publisher)
    article.refresh_from_db()
    return revision


def keys(revision):
    return {d["key"] for d in revision.disclaimers}


# The defaults ----------------------------------------------------------------


def test_defaults_cover_every_disclaimer_topic_of_the_standards():
    rules = {
        d.key: (d.applies_to_all, sorted(t.slug for t in d.topics.all()), sorted(d.claim_categories), d.active)
        for d in Disclaimer.objects.all()
    }

    assert rules == {
        "not_medical_advice": (True, [], [], True),
        "emergency": (True, [], [], True),
        "dosage": (False, [], ["dosage"], True),
        "interactions": (
            False, [], ["drug_substitution", "interaction", "withdrawal_stopping_medication"], True
        ),
        "dependence": (
            False, ["kratom"],
            ["absolute_safety", "drug_substitution", "withdrawal_stopping_medication"], True,
        ),
        "pregnancy_minors": (False, [], ["vulnerable_groups"], True),
        "regulatory_status": (False, ["kratom", "supplements-and-botanicals"], ["regulatory_status"], True),
        "commercial": (False, [], [], True),
    }
    assert "1-800-662-4357" in Disclaimer.objects.get(key="dependence").body
    assert "1-800-222-1222" in Disclaimer.objects.get(key="emergency").body


# Which disclaimers a revision carries ---------------------------------------------


def test_an_article_without_topics_or_claims_carries_only_the_global_ones(writer):
    revision = actions.submit_for_review(make_article(writer), by=writer)

    assert keys(revision) == GLOBAL


@pytest.mark.parametrize(
    "topic_slug, expected",
    [
        ("kratom", {"dependence", "regulatory_status"}),
        ("supplements-and-botanicals", {"regulatory_status"}),
    ],
)
def test_topic_rules(writer, topic_slug, expected):
    article = make_article(writer, topics=[Topic.objects.get(slug=topic_slug)])

    revision = actions.submit_for_review(article, by=writer)

    assert keys(revision) == GLOBAL | expected


# The bodies avoid naming kratom: a mention would add the kratom topic's notices.
@pytest.mark.parametrize(
    "body, expected",
    [
        (DOSE, {"dosage"}),
        ("Never mix it with alcohol.", {"interactions"}),
        ("Some people use the herb to taper off oxycodone.", {"interactions", "dependence"}),
        ("Sellers say the herb is a safer alternative to opioids.", {"interactions", "dependence"}),
        ("Sellers say the herb is non-addictive.", {"dependence"}),
        ("Some sellers say it is fine for teens.", {"pregnancy_minors", "dependence"}),
        ("One shop says its herb is FDA-approved.", {"regulatory_status"}),
    ],
)
def test_claim_rules(writer, body, expected):
    revision = actions.submit_for_review(make_article(writer, body=body), by=writer)

    assert keys(revision) == GLOBAL | expected


def test_a_frozen_disclaimer_is_a_complete_copy_with_its_version(writer):
    revision = actions.submit_for_review(make_article(writer, body=DOSE), by=writer)

    frozen = next(d for d in revision.disclaimers if d["key"] == "dosage")
    assert frozen == Disclaimer.objects.get(key="dosage").snapshot()
    assert frozen["version"] == 1
    assert set(RevisionDisclaimer.objects.filter(revision=revision).values_list("disclaimer__key", "version")) == {
        (key, 1) for key in keys(revision)
    }


def test_an_inactive_disclaimer_is_not_applied(writer, publisher):
    actions.save_disclaimer(Disclaimer.objects.get(key="dosage"), by=publisher, active=False)

    revision = actions.submit_for_review(make_article(writer, body=DOSE), by=writer)

    assert "dosage" not in keys(revision)


def test_editors_add_extras_but_never_drop_a_required_one(writer, publisher):
    dosage = Disclaimer.objects.get(key="dosage")
    article = make_article(writer, body=DOSE)
    article.extra_disclaimers.add(Disclaimer.objects.get(key="commercial"), dosage)
    article.extra_disclaimers.remove(dosage)

    with pytest.raises(actions.NotPermitted, match="needs the Publishers role"):
        actions.save_disclaimer(dosage, by=writer, active=False)
    with pytest.raises(actions.NotPermitted):
        actions.save_disclaimer(dosage, by=writer, body="Take what you like.")
    revision = actions.submit_for_review(article, by=writer)

    assert keys(revision) == GLOBAL | {"dosage", "commercial"}
    assert not writer.has_perm("articles.change_disclaimer")
    assert not writer.has_perm("articles.delete_disclaimer")
    assert Disclaimer.objects.get(key="dosage").body == dosage.body


# Every public surface --------------------------------------------------------------


def test_dosage_claim_puts_the_dosage_disclaimer_on_every_public_surface_until_the_claim_goes(
    writer, reviewer, publisher
):
    client = Client()
    article = make_article(writer, body=DOSE)
    first = review_and_publish(article, writer=writer, reviewer=reviewer, publisher=publisher)
    dosage = next(d for d in first.disclaimers if d["key"] == "dosage")

    renderings = public_renderings(client, article)
    assert set(renderings) == {"page", "structured data", "feed"}
    for surface, text in renderings.items():
        assert carries(text, dosage), surface
        for frozen in first.disclaimers:
            assert carries(text, frozen), (surface, frozen["key"])

    Section.objects.filter(article=article).update(body="Talk to a pharmacist before taking anything.")
    second = review_and_publish(article, writer=writer, reviewer=reviewer, publisher=publisher)

    assert keys(second) == GLOBAL
    for surface, text in public_renderings(client, article).items():
        assert not carries(text, dosage), surface
        assert dosage["title"] not in readable(text), surface
        for frozen in second.disclaimers:
            assert carries(text, frozen), (surface, frozen["key"])
    assert "dosage" in keys(first)


# Changing a disclaimer later -----------------------------------------------------------


def test_changing_disclaimer_text_lists_live_pages_for_rereview_without_changing_them(
    writer, reviewer, publisher
):
    client = Client()
    dosed = make_article(writer, body=DOSE)
    review_and_publish(dosed, writer=writer, reviewer=reviewer, publisher=publisher)
    plain = make_article(writer)
    review_and_publish(plain, writer=writer, reviewer=reviewer, publisher=publisher)
    old = Disclaimer.objects.get(key="dosage").snapshot()

    actions.save_disclaimer(
        Disclaimer.objects.get(key="dosage"), by=publisher,
        body="No dose of this product has been shown to be safe. Amounts here are not advice.",
    )

    new = Disclaimer.objects.get(key="dosage").snapshot()
    assert new["version"] == 2
    assert list(needing_rereview(Article.objects.all())) == [dosed]
    assert rereview_reasons(dosed) == [
        "“About amounts and doses” has changed since this page was approved (version 1 → 2)."
    ]
    assert rereview_reasons(plain) == []
    page = client.get(f"/articles/{dosed.live_revision.slug}/").content.decode()
    assert carries(page, old) and not carries(page, new)

    review_and_publish(dosed, writer=writer, reviewer=reviewer, publisher=publisher)

    assert not needing_rereview(Article.objects.all()).exists()
    page = client.get(f"/articles/{dosed.live_revision.slug}/").content.decode()
    assert carries(page, new) and not carries(page, old)


def test_a_rule_that_now_applies_lists_live_pages_that_lack_the_disclaimer(writer, reviewer, publisher):
    sleep = TopicFactory(slug="sleep", name="Sleep")
    article = make_article(writer, topics=[sleep])
    review_and_publish(article, writer=writer, reviewer=reviewer, publisher=publisher)
    assert not needing_rereview(Article.objects.all()).exists()

    actions.save_disclaimer(Disclaimer.objects.get(key="commercial"), by=publisher, topics=[sleep])

    assert list(needing_rereview(Article.objects.all())) == [article]
    assert rereview_reasons(article) == [
        "“Commercial relationships” now applies (topic “Sleep”) but the live page does not carry it."
    ]

    actions.save_disclaimer(
        Disclaimer(key="heat", title="Hot weather", body="Drink water.", applies_to_all=True), by=publisher
    )
    assert "“Hot weather” now applies (every article carries it) but the live page does not carry it." in (
        rereview_reasons(article)
    )


def test_unpublished_articles_and_non_text_changes_are_not_listed(writer, reviewer, publisher):
    article = make_article(writer, body=DOSE)
    review_and_publish(article, writer=writer, reviewer=reviewer, publisher=publisher)
    dosage = Disclaimer.objects.get(key="dosage")

    actions.save_disclaimer(dosage, by=publisher, claim_categories=["dosage", "interaction"])
    assert dosage.version == 1
    assert not needing_rereview(Article.objects.all()).exists()

    actions.save_disclaimer(dosage, by=publisher, title="Doses")
    actions.unpublish(article, by=publisher, reason="Being rewritten")
    assert not needing_rereview(Article.objects.all()).exists()


def test_listing_pages_for_rereview_takes_the_same_queries_however_many_there_are(writer, reviewer, publisher):
    def queries_to_list():
        with CaptureQueriesContext(connection) as captured:
            listed = list(needing_rereview(Article.objects.all()))
        return len(listed), len(captured)

    review_and_publish(make_article(writer, body=DOSE), writer=writer, reviewer=reviewer, publisher=publisher)
    actions.save_disclaimer(Disclaimer.objects.get(key="dosage"), by=publisher, title="Doses, v2")
    one, queries_for_one = queries_to_list()
    for _ in range(3):
        review_and_publish(
            make_article(writer, body=DOSE + " Kratom users say so."),
            writer=writer, reviewer=reviewer, publisher=publisher,
        )
    actions.save_disclaimer(Disclaimer.objects.get(key="dosage"), by=publisher, title="Doses, v3")
    four, queries_for_four = queries_to_list()

    assert (one, four) == (1, 4)
    assert queries_for_one == queries_for_four


def test_a_disclaimer_that_now_applies_by_a_mention_lists_the_live_page_for_rereview(writer, reviewer, publisher):
    untagged = make_article(writer, body="Some people take kratom for sore muscles.")
    review_and_publish(untagged, writer=writer, reviewer=reviewer, publisher=publisher)
    unrelated = make_article(writer)
    review_and_publish(unrelated, writer=writer, reviewer=reviewer, publisher=publisher)
    assert not needing_rereview(Article.objects.all()).exists()

    kratom = Topic.objects.get(slug="kratom")
    new_notice = Disclaimer(key="kratom_liver", title="Liver injury reports", body="Reports of liver injury exist.")
    actions.save_disclaimer(new_notice, by=publisher, topics=[kratom])

    assert list(needing_rereview(Article.objects.all())) == [untagged]
    assert rereview_reasons(Article.objects.get(pk=untagged.pk)) == [
        "“Liver injury reports” now applies (the text mentions “kratom”) but the live page does not carry it."
    ]
    assert rereview_reasons(Article.objects.get(pk=unrelated.pk)) == []


# Versions are kept honest -------------------------------------------------------------


def test_every_change_to_the_frozen_text_makes_a_new_version(publisher):
    dosage = Disclaimer.objects.get(key="dosage")

    for changes in ({"title": "Doses"}, {"body": "New words."}, {"placement": "bottom"}, {"severity": "critical"}):
        before = dosage.version
        actions.save_disclaimer(dosage, by=publisher, **changes)
        assert Disclaimer.objects.get(pk=dosage.pk).version == before + 1
    actions.save_disclaimer(dosage, by=publisher, active=True, applies_to_all=False)
    assert Disclaimer.objects.get(pk=dosage.pk).version == 5


def test_a_stale_copy_cannot_reset_the_version(publisher):
    stale = Disclaimer.objects.get(key="dosage")
    actions.save_disclaimer(Disclaimer.objects.get(key="dosage"), by=publisher, body="Second wording.")

    stale.body = "Third wording."
    stale.save()

    assert Disclaimer.objects.get(key="dosage").version == 3


def test_text_changes_that_skip_versioning_are_refused(publisher):
    dosage = Disclaimer.objects.get(key="dosage")

    with pytest.raises(TypeError, match="one at a time with save"):
        Disclaimer.objects.filter(pk=dosage.pk).update(body="Sneaky")
    with pytest.raises(IntegrityError, match="needs a new version"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_disclaimer SET body = 'Sneaky' WHERE id = %s", [dosage.pk])
    with pytest.raises(IntegrityError, match="version cannot go down"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_disclaimer SET version = 0 WHERE id = %s", [dosage.pk])
    Disclaimer.objects.filter(pk=dosage.pk).update(active=False)
    assert Disclaimer.objects.get(pk=dosage.pk).body == dosage.body


def test_a_disclaimers_key_never_changes():
    dosage = Disclaimer.objects.get(key="dosage")

    dosage.key = "doses"

    with pytest.raises(ValidationError, match="key cannot change"):
        dosage.save()
    with pytest.raises(TypeError, match="key"):
        Disclaimer.objects.filter(key="dosage").update(key="doses")
    with pytest.raises(IntegrityError, match="key cannot change"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_disclaimer SET key = 'doses' WHERE id = %s", [dosage.pk])
    assert Disclaimer.objects.filter(key="dosage").exists()


def test_unknown_claim_categories_and_fields_are_refused(publisher):
    dosage = Disclaimer.objects.get(key="dosage")

    with pytest.raises(actions.InvalidInput, match="Unknown claim categories: dosages"):
        actions.save_disclaimer(dosage, by=publisher, claim_categories=["dosages"])
    with pytest.raises(actions.InvalidInput, match="a list of claim categories"):
        actions.save_disclaimer(dosage, by=publisher, claim_categories="dosage")
    with pytest.raises(actions.InvalidInput, match="not a field publishers can change"):
        actions.save_disclaimer(dosage, by=publisher, version=9)


def test_a_disclaimer_carried_by_a_revision_cannot_be_deleted(writer):
    actions.submit_for_review(make_article(writer, body=DOSE), by=writer)

    with pytest.raises(ProtectedError):
        Disclaimer.objects.get(key="dosage").delete()


# Through the admin ------------------------------------------------------------------


def _admin_form(disclaimer, **changes):
    data = {
        "key": disclaimer.key,
        "title": disclaimer.title,
        "body": disclaimer.body,
        "placement": disclaimer.placement,
        "severity": disclaimer.severity,
        "active": "on" if disclaimer.active else "",
        "topics": [t.pk for t in disclaimer.topics.all()],
        "claim_categories": list(disclaimer.claim_categories),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value != ""}


def test_a_writer_cannot_change_a_disclaimer_in_the_admin(writer, client):
    dosage = Disclaimer.objects.get(key="dosage")
    client.force_login(writer)

    response = client.post(
        f"/admin/articles/disclaimer/{dosage.pk}/change/", _admin_form(dosage, body="Take what you like.")
    )

    assert response.status_code == 403
    assert Disclaimer.objects.get(pk=dosage.pk).body == dosage.body


def test_a_publisher_changing_the_text_in_the_admin_makes_a_new_version(
    writer, reviewer, publisher, client
):
    article = make_article(writer, body=DOSE)
    review_and_publish(article, writer=writer, reviewer=reviewer, publisher=publisher)
    dosage = Disclaimer.objects.get(key="dosage")
    client.force_login(publisher)

    response = client.post(
        f"/admin/articles/disclaimer/{dosage.pk}/change/", _admin_form(dosage, body="Reworded.")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Disclaimer.objects.get(pk=dosage.pk).version == 2
    assert list(needing_rereview(Article.objects.all())) == [article]


def test_a_publisher_ticks_the_claim_categories_a_disclaimer_applies_to(publisher, client):
    dosage = Disclaimer.objects.get(key="dosage")
    client.force_login(publisher)

    form = client.get(f"/admin/articles/disclaimer/{dosage.pk}/change/").content.decode()
    response = client.post(
        f"/admin/articles/disclaimer/{dosage.pk}/change/",
        _admin_form(dosage, claim_categories=["dosage", "vulnerable_groups"]),
    )

    for category in ClaimCategory:
        assert f'type="checkbox" name="claim_categories" value="{category.value}"' in form
        assert category.label in form
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Disclaimer.objects.get(pk=dosage.pk).claim_categories == ["dosage", "vulnerable_groups"]


def test_mentioning_kratom_brings_its_disclaimers_even_without_the_topic(writer):
    """Writers forget to tag; the text itself says what the page is about."""
    untagged = ArticleFactory(authors=[writer], sections=0, title="Herbal sleep aids")
    SectionFactory(article=untagged, position=1, heading="Options", body="Some people try 7-OH products at night.")
    unrelated = ArticleFactory(authors=[writer], sections=0, title="Sleep hygiene")
    SectionFactory(article=unrelated, position=1, heading="Habits", body="Keep a regular bedtime.")

    mentioning = {d["key"] for d in actions.submit_for_review(untagged, by=writer).disclaimers}
    plain = {d["key"] for d in actions.submit_for_review(unrelated, by=writer).disclaimers}

    assert {"dependence", "regulatory_status"} <= mentioning
    assert not {"dependence", "regulatory_status"} & plain
    reasons = {
        applied.disclaimer.key: applied.reasons
        for applied in claim_flags.working_copy_disclaimers(untagged)
    }
    assert "the text mentions “7-OH”" in reasons["dependence"]
