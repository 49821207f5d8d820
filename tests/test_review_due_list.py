"""The admin's review-due list: live pages due for review now or soon, soonest first."""

import re
from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from .admin_helpers import logged_in
from .factories import TopicFactory

URL = reverse("admin:articles_article_review_due")


def listed(response):
    return [int(pk) for pk in re.findall(r'<tr data-article="(\d+)"', response.content.decode())]


@override_settings(VETTED_REVIEW_INTERVAL_DAYS=30, VETTED_REVIEW_DUE_SOON_DAYS=10)
def test_the_list_is_soonest_first_with_pages_whose_disclaimers_changed(newsroom, monkeypatch):
    weekly = TopicFactory(slug="weekly", name="Weekly", review_interval_days=7)
    sleepy = TopicFactory(slug="sleepy", name="Sleepy")
    overdue = newsroom.draft(title="Overdue page")
    overdue.topics.add(weekly)
    newsroom.publish(overdue)
    due_soon = newsroom.publish(title="Due soon page")
    not_due = newsroom.draft(title="Yearly page")
    not_due.topics.add(TopicFactory(slug="yearly", name="Yearly", review_interval_days=365))
    newsroom.publish(not_due)
    changed = newsroom.draft(title="Changed disclaimer page")
    changed.topics.add(sleepy)
    newsroom.publish(changed)
    newsroom.set_disclaimer(
        "sleep_aids", topics=[sleepy], title="Sleep aids", body="Ask a pharmacist before taking sleep aids."
    )
    later = timezone.now() + timedelta(days=25)
    monkeypatch.setattr(timezone, "now", lambda: later)

    response = logged_in(newsroom.publisher).get(URL)

    assert response.status_code == 200
    assert listed(response) == [overdue.pk, changed.pk, due_soon.pk]
    page = response.content.decode()
    assert "overdue" in page and "“Sleep aids” now applies" in page


def test_the_dashboard_links_to_the_list_and_strangers_are_turned_away(newsroom, client):
    dashboard = logged_in(newsroom.publisher).get(reverse("admin:index")).content.decode()
    assert URL in dashboard
    assert client.get(URL).status_code == 302
