"""The demo a newcomer sees after scripts/run.sh."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from articles.models import Article, ArticleRevision, ReviewerProfile

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_demo_has_users_of_each_role_and_articles_at_each_stage():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))

    User = get_user_model()
    groups = {u.username: set(u.groups.values_list("name", flat=True)) for u in User.objects.all()}
    assert groups["writer"] == {"Writers"}
    assert groups["reviewer"] == {"Medical reviewers"}
    assert groups["publisher"] == {"Publishers"}
    assert User.objects.get(username="admin").is_superuser
    assert ReviewerProfile.objects.get(user__username="reviewer").credentials == "PharmD"
    assert User.objects.get(username="writer").check_password("vetted-demo-only")

    live = Article.objects.published().get()
    page = Client().get(f"/articles/{live.live_revision.slug}/").content.decode()
    byline = page.split('class="byline"')[1].split("</p>")[0]
    assert "Medically reviewed by <a" in byline
    assert "Priya Raman, PharmD</a> and <a" in byline and "Daniel Cho, MD</a>" in byline
    assert "non-addictive" not in page
    assert ArticleRevision.objects.review_queue().count() == 1
    assert Article.objects.count() == 5


@override_settings(DEBUG=True)
def test_demo_loads_once():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    assert Article.objects.count() == 5


@override_settings(DEBUG=False)
def test_demo_refuses_to_run_in_production():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="writer").exists()


@override_settings(DEBUG=True)
def test_demo_review_queue_shows_flagged_claims_and_the_live_article_had_each_one_accepted():
    from articles.models import ClaimFlag, WorkflowEvent

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))

    waiting = ArticleRevision.objects.review_queue().get()
    assert waiting.claim_flags.count() > 0
    live = Article.objects.published().get().live_revision
    accepted = ClaimFlag.objects.filter(revision=live)
    assert accepted.exists() and not accepted.unresolved().exists()
    assert WorkflowEvent.objects.filter(revision=live, action="claim_resolved").count() == accepted.count()
    assert len(live.references) == 3
