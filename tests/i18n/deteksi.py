"""Finding English left on a page rendered in Indonesian.

A page's visible text (text nodes, and the attributes a user sees or hears:
placeholder, title, aria-label, alt, button values) is split into words; a
word from ``english_words.txt`` that is not part of a phrase of
``allowlist.txt`` (proper nouns: licence names, product names) nor of the
user data the test created is English left untranslated.
"""
from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from bs4 import BeautifulSoup
from bs4.element import PreformattedString

HERE = pathlib.Path(__file__).parent

# Not shown to the user, or shown as the user's own data (form values).
_SKIPPED_ELEMENTS = ("script", "style", "noscript", "template", "textarea",
                     "code", "pre")
_VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
_BUTTON_TYPES = ("submit", "button", "reset")
# a word stands between non-alphanumerics: "be" inside an id (4b9be2a9-...)
# is not a word
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?:'[A-Za-z]+)?(?![A-Za-z0-9])")
# addresses are written as they are, not translated
# (e-mail, URL, host name with two dots or more, so "e.g." is still read)
_ADDRESS = re.compile(r"\S+@\S+|\w+://\S+"
                      r"|(?<![\w.-])[\w-]+(?:\.[\w-]+)+\.[a-z]{2,}(?![\w.-])")


def _word_file(name: str) -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines
            if line.strip() and not line.lstrip().startswith("#")]


def english_words() -> frozenset[str]:
    return frozenset(word.lower() for word in _word_file("english_words.txt"))


def allowed_phrases() -> list[str]:
    return _word_file("allowlist.txt")


@dataclass(frozen=True)
class Temuan:
    """English found on a page: the words and the text they stand in."""
    teks: str
    kata: tuple[str, ...]

    def __str__(self) -> str:
        return "%r (%s)" % (self.teks, ", ".join(self.kata))


def visible_texts(html: str) -> Iterator[str]:
    """The strings of `html` a visitor reads or hears."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_SKIPPED_ELEMENTS):
        element.decompose()
    # the <title> counts too: it is the browser tab's label
    for node in soup.find_all(string=True):
        # comments, the doctype and the like are markup, not text
        if isinstance(node, PreformattedString):
            continue
        text = " ".join(node.split())
        if text:
            yield text
    for element in soup.find_all(True):
        for attribute in _VISIBLE_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and value.strip():
                yield " ".join(value.split())
        # a <button>'s value is sent, not shown; an <input>'s is its label
        if (element.name == "input"
                and element.get("type") in _BUTTON_TYPES
                and element.get("value")):
            yield " ".join(str(element["value"]).split())


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    # longest first, so "Open Data Commons Attribution License" is removed
    # whole before a shorter phrase inside it
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(
        "|".join(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(p)
                 for p in ordered),
        re.IGNORECASE)


def english_in(texts: Iterable[str], user_data: Iterable[str] = (),
               words: frozenset[str] | None = None,
               allowed: Iterable[str] | None = None) -> list[Temuan]:
    """Every text of `texts` with English words in it, once each."""
    words = english_words() if words is None else words
    pattern = _phrase_pattern(
        list(allowed_phrases() if allowed is None else allowed)
        + list(user_data))
    found: dict[str, Temuan] = {}
    for text in texts:
        rest = _ADDRESS.sub(" ", text)
        rest = pattern.sub(" ", rest) if pattern else rest
        english = tuple(word for word in _WORD.findall(rest)
                        if word.lower() in words)
        if english and text not in found:
            found[text] = Temuan(text, english)
    return list(found.values())


def english_on_page(html: str, user_data: Iterable[str] = ()) -> list[Temuan]:
    return english_in(visible_texts(html), user_data)
