"""Language of an article body: langdetect, a Cyrillic script check, and page priors.

- langdetect runs with a fixed seed and `N_TRIALS` trials on the first `SAMPLE_CHARS`
  characters: the same answer as on the whole text on 390/390 measured texts, at 1.3 ms
  against 5.2 (see the constants).
- Ukrainian and Russian are told apart by their letters (і ї є ґ against ы э ъ ё),
  which overrides langdetect when the two disagree: on short or mixed texts langdetect
  swaps them, the alphabet never does.
- On short text the page's own declarations (<html lang>, og:locale, hreflang, a site
  profile) are priors: a hint written in the text's script wins over a guess.
- Empty or letter-less text gives (None, None); nothing here raises.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from crawler.extraction.alternates import language_code

# langdetect's cost grows with the sample (its per-character cleaning and n-gram
# passes) and with its random trials. Measured on 390 texts (the 181 benchmark
# ground-truth bodies, our 181 extracted bodies, 28 golden bodies; mean 4.2k
# characters): whole text, 7 trials 5.19 ms; 3,000 chars, 7 trials 3.30 ms;
# 1,000 chars, 3 trials 1.31 ms, with the same language as the whole text on 390/390.
# The one text that flips at other settings (2,000 chars or 2 trials) is a results
# table of English names on a Portuguese page, 86% "en" even on the whole text.
SAMPLE_CHARS = 1000
# Each trial adds a 1/N_TRIALS share of its winner; 3 trials (seed fixed, so the answer
# is deterministic) agree with 7 on the 390 texts above and save 0.5 ms a page.
N_TRIALS = 3
# Under ~200 characters (two sentences) langdetect's n-gram counts are too few to beat
# what the page declares about itself.
SHORT_TEXT_CHARS = 200
# Fewer letters than this is not language (a date, a price, "OK").
MIN_LETTERS = 3
# Confidence given to a language decided by a prior or the alphabet alone: above
# langdetect's coin flips on short text, below its usual >0.99 on real articles.
PRIOR_CONFIDENCE = 0.6

_UK_ONLY = frozenset("іїєґІЇЄҐ")
_RU_ONLY = frozenset("ыэъёЫЭЪЁ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
# Languages written in Cyrillic / Latin among langdetect's 55 profiles.
_CYRILLIC_LANGS = frozenset({"uk", "ru", "bg", "mk", "sr", "be", "kk"})


# The languages langdetect's profiles tell apart (zh-cn and zh-tw are stored as "zh"),
# with their ISO 639-2 codes (terminology and bibliographic forms) for people who type
# three letters: `--language deu`, `language = "ukr"` in a sites file.
DETECTED = frozenset(name.split("-")[0] for name in os.listdir(PROFILES_DIRECTORY))
_THREE_LETTER = MappingProxyType({
    "afr": "af", "ara": "ar", "bul": "bg", "ben": "bn", "cat": "ca", "ces": "cs", "cze": "cs",
    "cym": "cy", "wel": "cy", "dan": "da", "deu": "de", "ger": "de", "ell": "el", "gre": "el",
    "eng": "en", "spa": "es", "est": "et", "fas": "fa", "per": "fa", "fin": "fi", "fra": "fr",
    "fre": "fr", "guj": "gu", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu", "ind": "id",
    "ita": "it", "jpn": "ja", "kan": "kn", "kor": "ko", "lit": "lt", "lav": "lv", "mkd": "mk",
    "mac": "mk", "mal": "ml", "mar": "mr", "nep": "ne", "nld": "nl", "dut": "nl", "nor": "no",
    "pan": "pa", "pol": "pl", "por": "pt", "ron": "ro", "rum": "ro", "rus": "ru", "slk": "sk",
    "slo": "sk", "slv": "sl", "som": "so", "sqi": "sq", "alb": "sq", "swe": "sv", "swa": "sw",
    "tam": "ta", "tel": "te", "tha": "th", "tgl": "tl", "tur": "tr", "ukr": "uk", "urd": "ur",
    "vie": "vi", "zho": "zh", "chi": "zh",
})  # fmt: skip


def known_language(value: str) -> str | None:
    """The code newscrawl stores for a language a person names ("EN", "en-GB", "ukr",
    "deu"), or None when it is no language langdetect can tag."""
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    code = _THREE_LETTER.get(primary) or language_code(value)
    return code if code in DETECTED else None


@dataclass(frozen=True, slots=True)
class LanguageHints:
    """What the page says its language is; strongest first in `codes()`."""

    declared: tuple[str, ...] = ()  # e.g. a site profile's language
    html_lang: str | None = None
    og_locale: str | None = None
    hreflang: str | None = None  # the hreflang of the link pointing at the page itself

    def codes(self) -> list[str]:
        raw = [*self.declared, self.html_lang, self.og_locale, self.hreflang]
        return list(dict.fromkeys(c for r in raw if (c := language_code(r))))


@functools.cache
def _factory() -> DetectorFactory:
    """langdetect's profiles, loaded once per process (690-850 ms, PERF-NOTES).

    A cached loader with no arguments is a lazily built constant: the profiles are
    read-only after loading and the seed is set on this instance, not on langdetect's
    global factory, so no caller can observe or change it.
    """
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0
    return factory


def detect_language(
    text: str, hints: LanguageHints | Sequence[str] | None = None
) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, confidence) of `text`, or (None, None) when there is no language."""
    if not isinstance(hints, LanguageHints):
        hints = LanguageHints(declared=tuple(hints or ()))
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None, None
    guesses = _langdetect(sample)
    script = _script_language(sample)
    if len(sample.strip()) < SHORT_TEXT_CHARS:
        prior = _prior(hints.codes(), script)
        if prior is not None:
            return prior, max(PRIOR_CONFIDENCE, guesses.get(prior, 0.0))
    return _decide(guesses, script)


def _langdetect(sample: str) -> dict[str, float]:
    detector = _factory().create()
    detector.n_trial = N_TRIALS
    detector.append(sample)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    probs: dict[str, float] = {}
    for item in found:
        code = str(item.lang).split("-")[0]  # zh-cn, zh-tw -> zh
        probs[code] = probs.get(code, 0.0) + float(item.prob)
    return probs


def _script_language(sample: str) -> str | None:
    """ "uk" or "ru" when the letters decide it, else "cyrillic"/"latin" for the script."""
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic == latin == 0:
        return None
    if cyrillic <= latin:
        # An English text quoting a Ukrainian phrase is still English.
        return "latin"
    uk = sum(ch in _UK_ONLY for ch in sample)
    ru = sum(ch in _RU_ONLY for ch in sample)
    # One stray letter from a quoted name should not decide; twice the other side does.
    if uk > 2 * ru and uk >= 2:
        return "uk"
    if ru > 2 * uk and ru >= 2:
        return "ru"
    return "cyrillic"


def _fits_script(code: str, script: str | None) -> bool:
    if script in ("uk", "ru"):
        return code == script
    if script == "cyrillic":
        return code in _CYRILLIC_LANGS
    if script == "latin":
        return code not in _CYRILLIC_LANGS
    return True


def _prior(codes: list[str], script: str | None) -> str | None:
    return next((c for c in codes if _fits_script(c, script)), None)


def _decide(guesses: dict[str, float], script: str | None) -> tuple[str | None, float | None]:
    if script in ("uk", "ru") and max(guesses, key=guesses.__getitem__, default="") != script:
        # The alphabet overrides langdetect's uk/ru/bg mix-ups; confidence is what
        # langdetect gave that language, or the prior floor when it gave it none.
        return script, max(PRIOR_CONFIDENCE, guesses.get(script, 0.0))
    if not guesses:
        return None, None
    best = max(guesses, key=guesses.__getitem__)
    return best, round(guesses[best], 4)
