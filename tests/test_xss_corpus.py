"""
The XSS corpus: script payloads in every field a writer fills in (and the
topic names publishers set), published through the actions and loaded in
Chromium on every surface that shows them. The browser context bypasses the
Content-Security-Policy, so what is tested is the renderer and the templates:
no payload may run (every payload calls ``alert``, ``prompt`` or ``confirm``:
no dialog may open), and every JSON-LD block and the feed must still parse.
"""

import json
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles import actions
from articles.admin.previews import share_path
from articles.models import Article, Reference, Section, Topic

from .live_content import Newsroom
from .test_uploads import encoded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<sCrIpT>alert(2)</ScRiPt>",
    "<<SCRIPT>alert(3);//<</SCRIPT>",
    "<scr<script>ipt>alert(4)</script>",
    "<script src=data:,alert(5)></script>",
    "</script><script>alert(6)</script>",
    "</title><script>alert(7)</script>",
    "</textarea><script>alert(8)</script>",
    "\"><script>alert(9)</script>",
    "'><script>alert(10)</script>",
    "<img src=x onerror=alert(11)>",
    "<IMG SRC=JaVaScRiPt:alert(12)>",
    "<img src=1 onerror=alert(13)//",
    "<img src onerror=prompt(14)>",
    "<img src onerror=confirm(15)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=16>",
    "<svg/onload=alert(17)>",
    "<svg><script>alert(18)</script></svg>",
    "<svg><animate onbegin=alert(19) attributeName=x dur=1s>",
    "<math><mi xlink:href=\"javascript:alert(20)\">x</mi></math>",
    "<iframe src=\"javascript:alert(21)\"></iframe>",
    "<iframe srcdoc=\"<script>parent.alert(22)</script>\"></iframe>",
    "<object data=\"javascript:alert(23)\"></object>",
    "<embed src=\"javascript:alert(24)\">",
    "<details open ontoggle=alert(25)>",
    "<body onload=alert(26)>",
    "<input autofocus onfocus=alert(27)>",
    "<video><source onerror=alert(28)></video>",
    "<audio src=x onerror=alert(29)>",
    "<marquee onstart=alert(30)>x</marquee>",
    "<form action=\"javascript:alert(31)\"><button>go</button></form>",
    "<base href=\"javascript:alert(32)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(33)\">",
    "<a href=\"javascript:alert(34)\">x</a>",
    "<a href=\"&#106;avascript:alert(35)\">x</a>",
    "<a href=\"javascript&colon;alert(36)\">x</a>",
    "<a href=\"vbscript:alert(37)\">x</a>",
    "[link](javascript:alert(38))",
    "[link](JaVaScRiPt:alert(39))",
    "[link](&#106;avascript:alert(40))",
    "[link](java\tscript:alert(41))",
    "[link](data:text/html;base64,PHNjcmlwdD5hbGVydCg0Mik8L3NjcmlwdD4=)",
    "[link](<javascript:alert(43)>)",
    "![pic](javascript:alert(44))",
    "![x\" onerror=\"alert(45)](/media/x.png)",
    "[x](https://example.org/\"onmouseover=\"alert(46))",
    "<div style=\"background:url(javascript:alert(47))\">x</div>",
    "<style>@import 'javascript:alert(48)';</style>",
    "<template><script>alert(49)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(50)>\"></noscript>",
    "<table background=\"javascript:alert(51)\"><tr><td>x</td></tr></table>",
    "<x onpointerover=alert(52)>x</x>",
    "\" onmouseover=\"alert(53)",
    "' autofocus onfocus='alert(54)",
    "`<script>alert(55)</script>`",
    "```\n<script>alert(56)</script>\n```",
    "[^n]: <img src=x onerror=alert(57)>",
    "[ref:1]<img src=x onerror=alert(58)>",
    "{{ 7|add:'<script>alert(59)</script>' }}",
    "{% autoescape off %}<script>alert(60)</script>{% endautoescape %}",
    "\u2028<script>alert(61)</script>\u2029",
    "&lt;script&gt;alert(62)&lt;/script&gt;",
    "<!--<script>alert(63)</script>-->",
    "<frameset onload=alert(64)>",
    "<isindex type=image src=1 onerror=alert(65)>",
    "<link rel=import href=\"data:text/html,<script>alert(66)</script>\">",
]


def chunks(limit):
    """The payloads packed into pieces of at most ``limit`` characters, each payload once."""
    pieces, current = [], ""
    for payload in PAYLOADS:
        flat = " ".join(payload.split())
        if current and len(current) + 1 + len(flat) > limit:
            pieces.append(current)
            current = ""
        current = f"{current} {flat}".strip()
    return [*pieces, current]


@pytest.fixture
def corpus(db):
    """Articles whose every writer field, together, holds every payload; all published."""
    newsroom = Newsroom()
    everything = "\n\n".join(PAYLOADS)
    titles, headings, topic_names = chunks(190), chunks(190), chunks(95)
    alts, credits = chunks(290), chunks(190)
    topics = [
        actions.save_topic(Topic(), by=newsroom.publisher, name=name, slug=f"xss-topic-{n}")
        for n, name in enumerate(topic_names)
    ]
    articles = []
    for n, title in enumerate(titles):
        image = actions.create_image(
            by=newsroom.writer, file=SimpleUploadedFile("chart.png", encoded("PNG", size=(640, 400))),
            alt_text=alts[n % len(alts)], caption=alts[(n + 1) % len(alts)], credit=credits[n % len(credits)],
        )
        body = f"{everything}\n\n![]({image.file.url})\n\n![{alts[n % len(alts)]}]({image.file.url})"
        article = actions.save_working_copy(
            Article(
                title=title, slug=f"xss-{n}", summary=everything, standfirst=everything,
                conclusion=everything, change_summary=everything, hero_image=image,
            ),
            by=newsroom.writer,
            authors=[newsroom.writer],
            topics=topics[n::len(titles)] or topics[:1],
            sections=[Section(heading=headings[n % len(headings)], body=body)],
            references=[
                Reference(title=everything[:500], url="https://example.org/study"),
                Reference(title=titles[n][:500], url="javascript:alert(99)", doi=PAYLOADS[0], pmid=PAYLOADS[10][:20]),
            ],
        )
        articles.append(newsroom.publish(article))
    return newsroom, articles, topics


def test_no_payload_runs_on_any_surface(corpus, live_server, browser):
    newsroom, articles, topics = corpus
    client = Client()
    client.force_login(newsroom.reviewer)
    context = browser.new_context(bypass_csp=True)
    context.add_cookies([{
        "name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url,
    }])
    page = context.new_page()
    ran = []
    page.on("dialog", lambda dialog: (ran.append((page.url, dialog.message)), dialog.dismiss()))

    paths = ["/", "/search/?q=script", "/search/?q=alert", "/feed/"]
    # Every topic name is also on the article pages; three topic pages cover the listing.
    paths += [reverse("articles:topic", kwargs={"slug": topic.slug}) for topic in topics[:3]]
    for article in articles:
        revision = article.live_revision
        paths += [
            reverse("articles:detail", kwargs={"slug": revision.slug}),
            share_path(revision),
            reverse("admin:articles_article_preview", args=[article.pk]),
            reverse("admin:articles_articlerevision_review", args=[revision.pk]),
        ]

    json_ld_blocks = 0
    for path in paths:
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.status == 200, path
        if path == "/feed/":
            ElementTree.fromstring(response.body())
            continue
        for block in page.eval_on_selector_all(
            'script[type="application/ld+json"]', "els => els.map(e => e.textContent)"
        ):
            json.loads(block)
            json_ld_blocks += 1

    context.close()
    assert ran == []
    assert len(PAYLOADS) >= 60
    assert json_ld_blocks >= len(articles)
