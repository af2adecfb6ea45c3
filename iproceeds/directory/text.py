"""Search keys that fit the region: one form for Latin and Cyrillic, with or without diacritics."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Serbian and Macedonian Cyrillic first (to their official Latin forms), then the other common
# Cyrillic letters so that Russian or Ukrainian spellings still land somewhere sensible.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "ѓ": "ǵ", "е": "e", "ж": "ž",
    "з": "z", "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "ќ": "ḱ", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "й": "j", "щ": "šč", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja", "ё": "e",
    "і": "i", "ї": "ji", "є": "je", "ґ": "g",
}  # fmt: skip
# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSABLE = {"đ": "dj", "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ħ": "h", "þ": "th"}
_NOT_WORD = re.compile(r"[^a-z0-9@.+]+")


def _transliterate(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Fold text to its search form: Latin script, no diacritics, casefolded, single spaces."""
    folded = _transliterate(text.casefold())
    folded = "".join(_UNDECOMPOSABLE.get(ch, ch) for ch in folded)
    folded = _strip_marks(folded)
    return " ".join(_NOT_WORD.sub(" ", folded).split())


# Letters with two common ASCII spellings: "Đorđević" is "Djordjevic" or "Dordevic", "Ѓорѓи" is
# "Gorgi" or "Gjorgji" (Macedonian official romanisation), "Ќосе" is "Kose" or "Kjose".
_SECOND_SPELLING = {"đ": "d", "ǵ": "gj", "ḱ": "kj"}


def variants(text: str) -> set[str]:
    """The search forms of a text: the normal form, plus the second spelling of ambiguous letters."""
    lowered = _transliterate(text.casefold())
    forms = {normalise(text)}
    if any(letter in lowered for letter in _SECOND_SPELLING):
        forms.add(normalise("".join(_SECOND_SPELLING.get(ch, ch) for ch in lowered)))
    return forms


def search_key(parts: Iterable[str | None]) -> str:
    """The stored key of a row: every variant of every searchable part, space-separated."""
    forms: list[str] = []
    for part in parts:
        for form in sorted(variants(part or "")):
            if form and form not in forms:
                forms.append(form)
    return " | ".join(forms)


def query_terms(query: str) -> list[str]:
    """The normalised words of a search box entry; every word must occur in the key."""
    return normalise(query).split()
