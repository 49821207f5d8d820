"""Tests for articles.domain.rendering (no database needed)."""

import re
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString

from articles.domain import rendering
from articles.domain.rendering import (
    anchor_for,
    markdownify,
    plain_text,
    render_markdown,
    section_anchors,
)

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

ALLOWED_OUTPUT_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code",
    "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "sup",
    "table", "thead", "tbody", "tr", "th", "td", "div",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, {attr: value})
        self.comments = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)


def parse(html):
    c = _Collector()
    c.feed(str(html))
    c.close()
    return c


def elements(html, tag):
    return [attrs for t, attrs in parse(html).elements if t == tag]


def visible_text(html):
    return "".join(parse(html).text)


def browser_url(value):
    """What a browser's URL parser sees: tab/CR/LF removed anywhere, C0
    controls and spaces trimmed at both ends, scheme case-insensitive."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).lower()


def assert_nothing_executable(html):
    """Parse the output as a browser would and check every element/attribute."""
    doc = parse(html)
    assert not doc.comments, doc.comments
    for tag, attrs in doc.elements:
        assert tag in ALLOWED_OUTPUT_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, html)
            assert name != "style", (tag, html)
            if name in ("href", "src") and value is not None:
                url = browser_url(value)
                assert not url.startswith(("javascript:", "vbscript:", "data:")), (name, value)


# ---------------------------------------------------------------------------
# hostile input
# ---------------------------------------------------------------------------

RAW_HTML_ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<p style="position:fixed;top:0">overlay</p>',
    "<svg onload=alert(1)>",
    "<object data=x.swf></object>",
    "<form action=https://evil.example><input name=password></form>",
    "<style>body{display:none}</style>",
    "<b>unclosed <i>tags",
    "<!-- hidden --> text",
    '<div onclick="alert(1)">click</div>',
]


@pytest.mark.parametrize("attack", RAW_HTML_ATTACKS)
def test_raw_html_is_escaped_and_nothing_executable_survives(attack):
    out = render_markdown(attack)
    assert_nothing_executable(out)
    # Raw HTML is escaped, not interpreted: the only element is the paragraph.
    assert [tag for tag, _ in parse(out).elements] == ["p"]
    # ...and the author sees exactly what they typed.
    assert visible_text(out).strip() == attack.strip()


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x][evil]\n\n[evil]: javascript:alert(1)",
        "[x][evil]\n\n[evil]: <JAVASCRIPT:alert(1)>",
        "[x]\n\n[x]: javascript:alert(1)",
    ],
)
def test_dangerous_link_urls_are_removed_but_text_kept(source):
    out = render_markdown(source)
    assert_nothing_executable(out)
    assert visible_text(out).strip() == "x"


def test_html_comments_do_not_become_comments():
    out = render_markdown("before <!-- <script>alert(1)</script> --> after")
    assert parse(out).comments == []
    assert "&lt;!--" in out


def test_angle_brackets_in_health_text_are_shown_literally():
    out = render_markdown("Target HbA1c <48 mmol/mol for adults <65 years.")
    assert visible_text(out) == "Target HbA1c <48 mmol/mol for adults <65 years."


def test_attr_list_syntax_cannot_add_attributes():
    out = render_markdown('# Title {: onclick="alert(1)" style="x" }\n\npara\n{: onmouseover=alert(1) }')
    assert_nothing_executable(out)
    for _, attrs in parse(out).elements:
        assert set(attrs) <= {"id"}


def test_fenced_code_attributes_are_filtered():
    out = render_markdown("```{.python #evil onclick=alert(1)}\nx = 1\n```")
    assert_nothing_executable(out)
    (code,) = elements(out, "code")
    assert code == {"class": "language-python"}
    assert elements(out, "pre") == [{}]


@pytest.mark.parametrize(
    "dirty, expected",
    [
        ("<script>alert(1)</script>ok", "ok"),
        ('<img src="javascript:alert(1)" onerror="alert(1)" alt="a">', '<img alt="a">'),
        ('<img src="/\t/evil.example/a.png" alt="a">', '<img alt="a">'),
        ('<img src="/a.png" loading="eager" decoding="sync">', '<img src="/a.png">'),
        ('<a href="JaVaScRiPt&colon;alert(1)">a</a>', "<a>a</a>"),
        ('<a href="https://x.example" rel="opener noopener">a</a>', '<a href="https://x.example" rel="noopener">a</a>'),
        ('<div class="footnote admin-banner" style="x">d</div>', '<div class="footnote">d</div>'),
        ('<code class="language-py evil">c</code>', '<code class="language-py">c</code>'),
        ('<h3 id="x&quot; onclick=&quot;y">h</h3>', "<h3>h</h3>"),
        ('<th align="justify">t</th>', "t"),
        ("<svg><script>alert(1)</script></svg>z", "z"),
        ("<!-- c -->k", "k"),
    ],
)
def test_sanitiser_allow_list_is_defence_in_depth(dirty, expected):
    # Raw HTML never reaches the sanitiser through Markdown, but if an
    # extension ever emitted it, the allow-list must still hold.
    assert rendering._CLEANER.clean(dirty) == expected


def test_output_is_safe_string():
    assert isinstance(render_markdown("hi"), SafeString)


# ---------------------------------------------------------------------------
# headings and anchors
# ---------------------------------------------------------------------------


def heading_tags(html):
    return [(tag, attrs.get("id")) for tag, attrs in parse(html).elements if re.fullmatch(r"h[1-6]", tag)]


def test_headings_start_at_h3_by_default():
    out = render_markdown("# One\n\n## Two\n\n### Three")
    assert heading_tags(out) == [("h3", "one"), ("h4", "two"), ("h5", "three")]


def test_setext_headings_are_shifted_too():
    out = render_markdown("One\n===\n\nTwo\n---")
    assert heading_tags(out) == [("h3", "one"), ("h4", "two")]


def test_base_heading_level_and_clamp_at_h6():
    out = render_markdown("# A\n\n### C\n\n###### F", base_heading_level=4)
    assert heading_tags(out) == [("h4", "a"), ("h5", "c"), ("h6", "f")]
    out = render_markdown("# A", base_heading_level=1)
    assert heading_tags(out) == [("h1", "a")]


@pytest.mark.parametrize("level", [0, 7, -1, "3", 2.0])
def test_invalid_base_heading_level_rejected(level):
    with pytest.raises(ValueError):
        render_markdown("# A", base_heading_level=level)


def test_duplicate_headings_get_numbered_ids():
    out = render_markdown("# Dosage\n\n## Dosage\n\n# Dosage\n\n# Dosage 2")
    assert [i for _, i in heading_tags(out)] == ["dosage", "dosage-2", "dosage-3", "dosage-2-2"]


def test_heading_ids_get_anchor_prefix():
    out = render_markdown("# Side effects\n\n# Side effects", anchor_prefix="treatment-")
    assert [i for _, i in heading_tags(out)] == ["treatment-side-effects", "treatment-side-effects-2"]


def test_heading_id_ignores_citation_and_markup():
    out = render_markdown("# Risk of *stroke* [ref:2]\n\n## Q&amp;A `code`")
    assert [i for _, i in heading_tags(out)] == ["risk-of-stroke", "q-a-code"]


def test_heading_id_does_not_clash_with_footnote_ids():
    out = render_markdown("# Fn 1\n\nText[^1]\n\n[^1]: note")
    ids = [attrs["id"] for _, attrs in parse(out).elements if "id" in attrs]
    assert len(ids) == len(set(ids)), ids
    assert heading_tags(out) == [("h3", "fn-1-2")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello World", "hello-world"),
        ("  What's new?  (2024 update) ", "whats-new-2024-update"),
        ("Dose: 1.5 mg/kg", "dose-1-5-mg-kg"),
        ("C++ & Python", "c-python"),
        ("snake_case--and   spaces", "snake-case-and-spaces"),
        ("Café au lait", "café-au-lait"),
        ("ÜBER GRÖSSE", "über-grösse"),
        ("Ἀρχή", "ἀρχή"),
        ("हिन्दी भाषा", "हिन्दी-भाषा"),  # combining marks (virama, vowel signs) kept
        ("糖尿病の治療", "糖尿病の治療"),
        ("ﬁne ＡＢＣ", "fine-abc"),  # NFKC
        ("zero\u200bwidth", "zerowidth"),
        ("!!!", "section"),
        ("", "section"),
        ("🩺 Check-up", "check-up"),
    ],
)
def test_anchor_for_slugs(text, expected):
    assert anchor_for(text) == expected


def test_anchor_for_is_stable_and_bounded():
    long = "word " * 100
    assert anchor_for(long) == anchor_for(long)
    assert len(anchor_for(long)) <= 80
    assert not anchor_for(long).endswith("-")


def test_anchor_for_deduplicates_and_records():
    taken = {"intro"}
    assert anchor_for("Intro", taken) == "intro-2"
    assert anchor_for("Intro", taken) == "intro-3"
    assert anchor_for("Other", taken) == "other"
    assert taken == {"intro", "intro-2", "intro-3", "other"}


def test_anchor_for_without_taken_does_not_deduplicate():
    assert anchor_for("Intro") == anchor_for("Intro") == "intro"


def test_section_anchors():
    assert section_anchors(["Overview", "Symptoms", "Overview", "Symptoms!", "?"]) == [
        "overview",
        "symptoms",
        "overview-2",
        "symptoms-2",
        "section",
    ]
    assert section_anchors([]) == []


@pytest.mark.parametrize(
    "heading", ["Wann zum Arzt? Ärztliche Hilfe", "हिन्दी भाषा", "Ἀρχή", "糖尿病の治療", "Dose: 1.5 mg"]
)
def test_body_heading_anchor_matches_anchor_for(heading):
    # The sanitiser's id filter must accept every id anchor_for can produce.
    out = render_markdown(f"# {heading}", anchor_prefix="s_1-")
    assert heading_tags(out) == [("h3", "s_1-" + anchor_for(heading))]


# ---------------------------------------------------------------------------
# links
# ---------------------------------------------------------------------------


@pytest.fixture
def site_hosts(settings):
    settings.ALLOWED_HOSTS = ["vetted.example", ".vetted-cdn.example", "*"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nhs.uk/conditions/",
        "http://example.org",
        "//evil.example/x",
        "HTTPS://Other.Example/path",
        "https://vetted.example.evil.example/",
    ],
)
def test_external_links_get_rel(site_hosts, url):
    (a,) = elements(render_markdown(f"[x]({url})"), "a")
    assert a["rel"] == "noopener nofollow"


@pytest.mark.parametrize(
    "url",
    [
        "/articles/flu/",
        "#ref-3",
        "relative/page",
        "https://vetted.example/articles/",
        "https://VETTED.example:443/x",
        "https://img.vetted-cdn.example/a",
        "mailto:editors@vetted.example",
        "tel:+441234567890",
    ],
)
def test_internal_links_have_no_rel(site_hosts, url):
    (a,) = elements(render_markdown(f"[x]({url})"), "a")
    assert a["href"] == url
    assert "rel" not in a


def test_autolinks_are_external_too(site_hosts):
    (a,) = elements(render_markdown("<https://www.who.int/>"), "a")
    assert a == {"href": "https://www.who.int/", "rel": "noopener nofollow"}


def test_wildcard_allowed_host_does_not_make_everything_internal(settings):
    settings.ALLOWED_HOSTS = ["*"]
    (a,) = elements(render_markdown("[x](https://example.org)"), "a")
    assert a["rel"] == "noopener nofollow"


# ---------------------------------------------------------------------------
# images
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("src", ["https://img.example/a.png", "http://img.example/a.png", "/media/a.png"])
def test_images_allowed_with_lazy_loading(src):
    (img,) = elements(render_markdown(f'![A chest X-ray]({src} "Figure 1")'), "img")
    assert img == {
        "src": src,
        "alt": "A chest X-ray",
        "title": "Figure 1",
        "loading": "lazy",
        "decoding": "async",
    }


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "//evil.example/a.png",
        "/\\evil.example/a.png",
        "ftp://files.example/a.png",
        "relative.png",
    ],
)
def test_disallowed_images_become_alt_text(src):
    out = render_markdown(f"see ![the chart]({src}) here")
    assert elements(out, "img") == []
    assert visible_text(out) == "see the chart here"
    assert_nothing_executable(out)


# ---------------------------------------------------------------------------
# citations, footnotes, extras
# ---------------------------------------------------------------------------


def test_citation_markup():
    out = render_markdown("Statins lower LDL [ref:3].")
    assert out == '<p>Statins lower LDL <sup class="citation"><a href="#ref-3">[3]</a></sup>.</p>'


def test_adjacent_citations_and_leading_zero():
    out = render_markdown("Shown twice [ref:1][ref:012].")
    assert [a["href"] for a in elements(out, "a")] == ["#ref-1", "#ref-12"]
    assert elements(out, "sup") == [{"class": "citation"}, {"class": "citation"}]


@pytest.mark.parametrize("source", ["`[ref:3]`", "\\[ref:3]", "[ref:x]", "[ref:]", "[REF 3]", "[ref:12345]"])
def test_not_citations(source):
    out = render_markdown(source)
    assert elements(out, "sup") == []
    assert 'href="#ref-' not in out


def test_footnotes_are_prefixed_and_linked():
    out = render_markdown("Aside[^1].\n\n[^1]: Extra detail.", anchor_prefix="s2-")
    ids = {attrs["id"] for _, attrs in parse(out).elements if "id" in attrs}
    hrefs = {attrs["href"] for attrs in elements(out, "a")}
    assert ids == {"s2-fnref-1", "s2-fn-1"}
    assert hrefs == {"#s2-fn-1", "#s2-fnref-1"}


def test_tables_use_align_not_style():
    out = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert [attrs for tag, attrs in parse(out).elements if tag in ("th", "td")] == [
        {"align": "left"},
        {"align": "right"},
        {"align": "left"},
        {"align": "right"},
    ]


def test_sane_lists_keep_start_number():
    out = render_markdown("3. three\n4. four\n\n* bullet")
    assert elements(out, "ol") == [{"start": "3"}]
    assert len(elements(out, "ul")) == 1


def test_code_is_escaped():
    out = render_markdown("```html\n<script>alert(1)</script>\n```\n\nand `<b>`")
    assert_nothing_executable(out)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<code>&lt;b&gt;</code>" in out


# ---------------------------------------------------------------------------
# markdownify and plain_text
# ---------------------------------------------------------------------------

RICH_SAMPLE = (
    "# Overview\n\nSee [NHS](https://www.nhs.uk) and [our guide](/guides/) [ref:1].\n\n"
    "![Graph](/media/g.png)\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\nNote[^1]\n\n[^1]: aside\n\n"
    "<script>alert(1)</script>"
)


@pytest.mark.django_db
def test_markdownify_is_exactly_render_markdown():
    result = markdownify(RICH_SAMPLE)
    assert type(result) is str  # a plain str, as django-markdownx expects
    assert result == str(render_markdown(RICH_SAMPLE))
    assert "<h3" in result  # same default heading level as the public page


def test_a_subheading_is_numbered_the_same_in_the_preview_and_on_the_page():
    """The page once renumbered headings after rendering; now the renderer does it for both."""
    body = "## Options\n\nRest.\n\n#### Details\n\nMore."

    assert heading_tags(render_markdown(body)) == [("h3", "options"), ("h4", "details")]
    assert heading_tags(render_markdown(body, base_heading_level=4)) == [("h4", "options"), ("h5", "details")]


def test_markdownify_is_the_configured_markdownx_function(settings):
    from django.utils.module_loading import import_string

    assert import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION) is markdownify


def test_plain_text():
    source = (
        "# Title\n\nSome **bold**   and *em*\ntext [ref:1], with a [link](https://x.example) &amp; more[^1].\n\n"
        "- one\n- two\n\n> quoted\n\n[^1]: footnote body"
    )
    assert plain_text(source) == "Title Some bold and em text, with a link & more. one two quoted"


def test_plain_text_keeps_literal_angle_brackets_as_text():
    assert plain_text("HbA1c <48 and <b>not bold</b>") == "HbA1c <48 and <b>not bold</b>"


def test_plain_text_empty():
    assert plain_text("") == ""
    assert plain_text("   \n\n  ") == ""


def test_render_empty():
    assert render_markdown("") == ""


def test_concurrent_rendering_matches_serial():
    # Python-Markdown instances are stateful (footnotes, stash, our heading
    # ids): a shared instance would leak ids/footnotes between threads.
    body = "\n\n".join(f"## Part {n}\n\nText *{n}* [ref:{n}] and a note[^n{n}]." for n in range(1, 30))
    notes = "\n\n".join(f"[^n{n}]: note {n}" for n in range(1, 30))
    jobs = [(f"s{i % 2}-", f"# Doc {i}\n\n{body}\n\n{notes}") for i in range(16)]
    expected = [str(render_markdown(doc, anchor_prefix=prefix)) for prefix, doc in jobs]
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads constantly so races show up
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(lambda job: str(render_markdown(job[1], anchor_prefix=job[0])), jobs * 2))
    finally:
        sys.setswitchinterval(old_interval)
    assert got == expected * 2
