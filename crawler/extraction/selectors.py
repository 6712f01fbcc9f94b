"""The vocabulary of tags and class/id patterns the extractor recognises, each with why.

Patterns are matched against the *tokens* of an element's class and id (split on
spaces, `-`, `_` and camelCase), so `article-related` and `relatedStories` both match
`related`, but `correlated` does not. Everything here is a constant: no state.
"""

from __future__ import annotations

import itertools
import re

# Elements that never carry article text and are cheap to drop in lxml before any
# other work: executable, styling and embedded content, plus form controls.
DROP_TAGS: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "noscript",  # fallback markup for no-JS browsers: tracking pixels, "enable JS"
        "svg",  # icons; their <title> text would leak "Facebook", "Close" into the body
        "iframe",  # embeds (video, social posts); their text is not the article's
        "template",
        "object",
        "embed",
        "canvas",
        "map",
        "button",  # UI labels: "Share", "Додати до обраного", "Load more"
        "select",
        "input",
        "textarea",
        "label",
        "link",
        "meta",
        "head",  # read by metadata before pruning; never body text
        "dialog",
        "video",
        "audio",
        "picture",
        "source",
        "math",
    }
)

# Structural HTML5 elements whose content is, by definition, not the main text:
# site navigation, sidebars and page footers.  `header` is NOT here: article headers
# hold the standfirst, which the body keeps.
BOILERPLATE_TAGS: frozenset[str] = frozenset({"nav", "aside", "footer", "menu"})

# Tags that end a paragraph when the body is turned into text.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "td",
        "th",
        "figure",
        "figcaption",
        "hr",
        "br",
        "address",
        "center",
        "form",
        "fieldset",
    }
)

HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Class/id tokens of whole regions that are never the article: removed in lxml
# before the article region is chosen, so that a long comment thread or a sidebar
# full of teasers cannot win the region vote.
REGION_BOILERPLATE = re.compile(
    r"^(?:"
    r"nav|navbar|navigation|menu|breadcrumbs?|"  # site navigation and trails
    r"sidebar|side|rail|aside|widget|widgets|"  # side columns
    r"footer|masthead|topbar|"  # page chrome
    r"comments?|disqus|discussion|respond|"  # reader comment threads
    r"cookies?|consent|gdpr|"  # cookie prompts
    r"modal|popup|overlay|"  # dialogs
    r"mostread|popular|trending"  # "most read" lists
    r")$"
)

# Class/id tokens of blocks inside the article region that are not article text.
# Applied in BeautifulSoup on the reduced tree.
INLINE_BOILERPLATE = re.compile(
    r"^(?:"
    r"share|sharing|social|sharebar|addthis|sociallinks|"  # share widgets
    r"related|relateds|readmore|readalso|also|recommended|recommendations|"  # related
    r"more|outbrain|taboola|teaser|teasers|"  # recommendation widgets
    r"reactions?|likes?|rating|votes?|"  # reaction widgets
    r"newsletter|subscribe|subscription|signup|paywall|promo|promotion|"  # pitches
    r"donate|donation|membership|corrections|feedback|"  # reader pitches and prompts
    r"ads?|advert|advertisement|adslot|sponsored|dfp|banner|"  # ad slots
    r"caption|credit|credits|copyright|"  # photo captions and credits
    r"byline|author|authors|dateline|timestamp|date|meta|"  # bylines, date lines
    r"tags?|topics|categories|category|keywords|"  # tag clouds
    r"print|toolbar|tools|bookmark|favorites?|"  # page tools
    r"hidden|visually|sronly|screenreader|offscreen|"  # accessibility-only text
    r"nocontent|"  # `robots-nocontent`: the page itself marks the block as not content
    r"breadcrumbs?|pagination|pager|nextprev|prevnext|"  # trails, pagers, next/previous story
    r"lang|language|languages|switcher|translations?|"  # language switchers
    r"comments?|cookies?|consent|modal|popup|sidebar|nav|menu|footer"  # as above
    r")$"
)

# Classes of the <blockquote> a platform's embed code puts in the page for a post the
# article quotes (Twitter/X, Instagram, TikTok write the same markup on every site).
# The post is part of the story, so it is kept even inside a wrapper whose class says
# "social" or "widget" (benchmark: nj.com's `social-media-embed`, Sky's `sdc-article-
# widget`; their ground truths hold the posts' text).
EMBEDDED_POST_CLASSES: tuple[str, ...] = (
    "twitter-tweet",
    "twitter-video",
    "instagram-media",
    "tiktok-embed",
)

# Class/id tokens that name the article body container: a strong positive signal.
BODY_HINT = re.compile(
    r"^(?:articlebody|article|story|entry|post|body|content|text|main|"
    r"storybody|articletext|bodytext|richtext|prose|markdown)$"
)

# Class/id tokens of a standfirst/lead outside the body container.
LEAD_HINT = re.compile(r"^(?:lead|standfirst|intro|dek|summary|subtitle|subheadline|excerpt)$")

# Class/id tokens of a key-points box ("Points of attention", "Key takeaways").
KEY_POINTS_HINT = re.compile(
    r"^(?:keypoints|key|highlights|takeaways|attention|points|bullets|summarybox|tldr)$"
)

# Splits class/id values into lowercase tokens; camelCase boundaries count.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[\s_\-:./]+")


def tokens_of(value: str) -> list[str]:
    """Lowercase tokens of a class/id value, splitting on separators and camelCase."""
    if not value:
        return []
    parts = _SPLIT.split(_CAMEL.sub(" ", value))
    toks = [p.lower() for p in parts if p]
    # also the joined form, so "read-also" matches "readalso", "key-points" "keypoints"
    toks += [a + b for a, b in itertools.pairwise(toks)]
    return toks


def _unanchored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern.removeprefix("^").removesuffix("$"))


# The same alternatives as a plain substring search: every token and joined token of a
# class/id is a substring of its separator-free lowercase form, so a miss here is a
# miss for `matches` and saves tokenising (most class names on a page miss).
_PREFILTERS: dict[re.Pattern[str], re.Pattern[str]] = {
    p: _unanchored(p)
    for p in (REGION_BOILERPLATE, INLINE_BOILERPLATE, BODY_HINT, LEAD_HINT, KEY_POINTS_HINT)
}


def matches(pattern: re.Pattern[str], class_id: str) -> bool:
    """True when any class/id token fully matches `pattern`."""
    prefilter = _PREFILTERS.get(pattern)
    if prefilter is not None and not prefilter.search(_SPLIT.sub("", class_id).lower()):
        return False
    return any(pattern.match(t) for t in tokens_of(class_id))


# Markers of a bot-challenge interstitial served with status 200. These are the
# vendor's own strings (Cloudflare, Sucuri, DDoS-Guard), not a site's phrases.
# Not "challenge-platform": Cloudflare injects /cdn-cgi/challenge-platform/scripts/jsd
# into ordinary pages too. Not "ddos-guard" in the markup: an article may name it.
CHALLENGE_MARKERS: tuple[str, ...] = (
    "cf_chl_",
    "cf-challenge",
    "cf-browser-verification",
    "__cf_chl",
    "sucuri_cloudproxy",
)
CHALLENGE_TITLES: frozenset[str] = frozenset(
    {"just a moment...", "just a moment", "attention required! | cloudflare", "ddos-guard"}
)

# JSON-LD @type / og:type values that say the page is one article.
ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "liveblogposting",
        "posting",
        "report",
    }
)
# JSON-LD types that say the page is not one article.
NON_ARTICLE_TYPES: dict[str, str] = {
    "collectionpage": "listing page",
    "itemlist": "listing page",
    "searchresultspage": "listing page",
    "aboutpage": "about page",
    "contactpage": "about page",
    "profilepage": "profile page",
}
