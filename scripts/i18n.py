#!/usr/bin/env python
"""Catalogue chores: export untranslated strings to JSON, merge translations back, derive sr_Latn.

    .venv/bin/python scripts/i18n.py todo fr /tmp/fr.json     # untranslated entries of locale fr
    .venv/bin/python scripts/i18n.py fill fr /tmp/fr.json     # merge the filled "msgstr" values
    .venv/bin/python scripts/i18n.py translit                 # sr (Cyrillic) -> sr_Latn, letter by letter

A translator (person or machine) fills "msgstr": a string, or a list with one form per plural.
"""

import json
import re
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CYR_TO_LAT = dict(
    zip(
        "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш",
        [*"ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš"],
        strict=True,
    )
)
CYR_TO_LAT |= {"Љ": "Lj", "Њ": "Nj", "Џ": "Dž", "љ": "lj", "њ": "nj", "џ": "dž"}


def _po(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def todo(lang: str, out: str) -> None:
    """Write the untranslated and fuzzy entries of a catalogue to a JSON work file."""
    po = _po(lang)
    n = _nplurals(po)
    items = [
        {
            "id": _key(e),
            "msgid": e.msgid,
            "msgid_plural": e.msgid_plural or None,
            "nplurals": n if e.msgid_plural else None,
            "context": e.msgctxt,
            "msgstr": [""] * n if e.msgid_plural else "",
        }
        for e in po
        if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    Path(out).write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{lang}: {len(items)} entries to translate -> {out}")


def _apply(entry: polib.POEntry, value: str | list[str]) -> None:
    if entry.msgid_plural:
        forms = value if isinstance(value, list) else [value]
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = value if isinstance(value, str) else value[0]
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def fill(lang: str, src: str) -> None:
    """Merge translated entries from a JSON work file; empty values are left untranslated."""
    po = _po(lang)
    by_key = {_key(e): e for e in po}
    done = 0
    for item in json.loads(Path(src).read_text(encoding="utf-8")):
        entry, value = by_key.get(item["id"]), item.get("msgstr")
        if entry is not None and value and all(value if isinstance(value, list) else [value]):
            _apply(entry, value)
            done += 1
    po.save()
    print(f"{lang}: {done} entries merged, {len(po.untranslated_entries())} still untranslated")


def translit() -> None:
    """Derive the Serbian Latin catalogue from the Cyrillic one (the mapping is one to one)."""
    source = {_key(e): e for e in _po("sr") if e.translated()}
    target = _po("sr_Latn")
    convert = lambda text: "".join(CYR_TO_LAT.get(ch, ch) for ch in text)  # noqa: E731
    for entry in target:
        origin = source.get(_key(entry))
        if origin is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {i: convert(t) for i, t in origin.msgstr_plural.items()}
        else:
            entry.msgstr = convert(origin.msgstr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    target.save()
    print(f"sr_Latn: {len(target.untranslated_entries())} still untranslated")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"todo": todo, "fill": fill, "translit": translit}[command](*args)
