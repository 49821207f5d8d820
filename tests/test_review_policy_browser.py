"""
The kratom review policy as the people involved meet it, in Chromium against
the live server: a writer submits a kratom article; the worker's pass
(``manage.py worker --once``, run in-process) emails the reviewers through a
real local SMTP server (aiosmtpd, tests/smtp_servers.py); each of two
verified reviewers opens the link in their email and approves; after the
first approval the page says one more is needed and publishing is not
offered; after the second the publisher publishes; a reader's page and its
JSON-LD ``reviewedBy`` name both reviewers.
"""

import json
import re
from email import message_from_bytes, policy

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article

from .factories import PublisherFactory, ReviewerFactory, WriterFactory
from .smtp_servers import Accepting, free_port, smtp_server
from .test_editorial_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "What kratom does and does not do"
SLUG = "what-kratom-does-and-does-not-do"
SAFETY_CLAIM = "Some sellers say kratom is completely safe for everyone."
STOPPING_CLAIM = "Do not stop taking prescribed opioids suddenly to switch to kratom."
REVIEW_LINK = re.compile(r"Open the review page: (\S+)")


@pytest.fixture
def mailbox(settings, live_server):
    """Django's SMTP backend and a real aiosmtpd server on a port in this test's range (8700-8799)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port(range(8700, 8800))
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = False
    settings.VETTED_SITE_URL = live_server.url
    accepting = Accepting()
    with smtp_server(accepting, settings.EMAIL_PORT):
        yield accepting


def worker_pass():
    call_command("worker", "--once")


def emails_to(mailbox, address):
    found = []
    for envelope in mailbox.messages:
        if address in envelope.rcpt_tos:
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            found.append((message["Subject"], message.get_body(("plain",)).get_content()))
    return found


def review_link_in(body):
    match = REVIEW_LINK.search(body)
    assert match, body
    return match.group(1)


def accept_every_open_card(page, reason):
    for _card in range(page.locator("#claims [data-claim-card][data-open=yes]").count()):
        card = page.locator("#claims [data-claim-card][data-open=yes]").first
        anchor = card.get_attribute("id")
        card.get_by_text("Acceptable as written…").click()
        card.get_by_label(re.compile(r"^Why .* acceptable as written")).fill(reason)
        card.get_by_role("button", name="Acceptable as written").click()
        expect(page.locator(f"#{anchor}")).to_have_attribute("data-open", "no")
    expect(page.locator("#decision [data-open-notice]")).to_be_hidden()


def test_a_kratom_article_needs_two_emailed_reviewers_before_the_publisher_can_publish(
    live_server, page, mailbox
):
    writer = WriterFactory(first_name="Sam", last_name="Okafor")
    emergency_doctor = ReviewerFactory(
        username="daniel_cho", email="daniel@example.org", first_name="Daniel", last_name="Cho",
        profile__credentials="MD", profile__specialty="Emergency medicine",
    )
    pharmacologist = ReviewerFactory(
        username="priya_raman", email="priya@example.org", first_name="Priya", last_name="Raman",
        profile__credentials="PharmD", profile__specialty="Clinical pharmacology",
    )
    publisher = PublisherFactory()

    # The writer writes a kratom article with two risky claims and submits it.
    log_in(page, live_server, writer)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value(SLUG)
    page.locator("#id_topics_from").select_option(label="Kratom")
    page.locator("#id_topics_add").click()
    expect(page.locator("#id_topics_to option")).to_have_text(["Kratom"])
    page.locator("#id_sections-0-heading").fill("Safety")
    page.locator("#id_sections-0-body").fill(f"{SAFETY_CLAIM} {STOPPING_CLAIM}")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("is in the review queue")
    assert mailbox.messages == [], "the click sends nothing: the worker does"

    # The worker's pass emails both reviewers.
    worker_pass()
    [(subject, first_email)] = emails_to(mailbox, "daniel@example.org")
    assert TITLE in subject
    assert "The detector flagged 2 claims to decide." in first_email
    assert len(emails_to(mailbox, "priya@example.org")) == 1
    assert emails_to(mailbox, writer.email) == []

    # The first reviewer opens the link in the email, accepts the flagged sentences and approves.
    log_in(page, live_server, emergency_doctor)
    page.goto(review_link_in(first_email))
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("#review-policy")).to_contain_text(
        "2 approvals from different medical reviewers, at least one in pharmacology or toxicology"
    )
    expect(page.locator("#claims-heading")).to_contain_text("(2 open of 2)")
    accept_every_open_card(page, "Quoted as a claim the article refutes; the advice is sound.")
    page.get_by_role("button", name="Approve", exact=True).click()

    # One approval is not enough: the confirmation and the review page say what is still needed.
    expect(page.locator(".messagelist")).to_contain_text("Recorded your approval of revision 1")
    expect(page.locator(".messagelist")).to_contain_text("It still needs 1 more approval")
    page.goto(review_link_in(first_email))
    expect(page.locator("#review-policy")).to_contain_text("Approved so far by Daniel Cho, MD")
    expect(page.locator("#review-policy")).to_contain_text("Still needed: 1 more approval")
    expect(page.locator("#already-approved")).to_be_visible()
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)

    # The publisher is not offered publishing yet.
    article = Article.objects.get(slug=SLUG)
    log_in(page, live_server, publisher)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#article-status")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Publish revision"))).to_have_count(0)
    # A forged publish from that page is refused with the reason.
    page.evaluate(
        """url => { const form = document.createElement('form'); form.method = 'post'; form.action = url;
        const token = document.querySelector('[name=csrfmiddlewaretoken]').cloneNode();
        form.appendChild(token); document.body.appendChild(form); form.submit(); }""",
        f"/admin/articles/article/{article.pk}/workflow/publish/",
    )
    expect(page.locator(".messagelist")).to_contain_text("is not approved yet")
    expect(page.locator(".messagelist")).to_contain_text("still needs 1 more approval")
    article.refresh_from_db()
    assert article.live_revision is None

    # The pharmacologist is asked for the missing approval by email, opens its link and approves.
    worker_pass()
    priya_emails = emails_to(mailbox, "priya@example.org")
    assert len(priya_emails) == 2
    _subject, reminder = priya_emails[-1]
    assert "Daniel Cho" in reminder
    log_in(page, live_server, pharmacologist)
    page.goto(review_link_in(reminder))
    expect(page.locator("#review-policy")).to_contain_text("Still needed: 1 more approval")
    expect(page.locator("#claims-heading")).to_contain_text("(0 open of 2)")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(f"Approved revision 1 of “{TITLE}”.")
    page.goto(review_link_in(reminder))
    expect(page.locator("#decision")).to_contain_text("Approved")
    expect(page.locator("#review-policy")).to_contain_text("Daniel Cho, MD")
    expect(page.locator("#review-policy")).to_contain_text("Priya Raman, PharmD")
    expect(page.locator("#review-policy")).not_to_contain_text("Still needed")

    # The publisher publishes.
    log_in(page, live_server, publisher)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Publish revision 1 now").click()
    expect(page.locator(".messagelist")).to_contain_text("is live")

    # An anonymous reader's page and its structured data name both reviewers.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/articles/{SLUG}/")
    expect(page.locator("h1")).to_have_text(TITLE)
    byline = page.locator(".byline").first
    expect(byline).to_contain_text("Medically reviewed by")
    expect(byline).to_contain_text("Daniel Cho")
    expect(byline).to_contain_text("Priya Raman")
    structured = json.loads(page.locator('script[type="application/ld+json"]').first.text_content())
    assert sorted(person["name"] for person in structured["reviewedBy"]) == ["Daniel Cho", "Priya Raman"]
