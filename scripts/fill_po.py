"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: Georgian} (a translator's aid).

Usage: python scripts/fill_po.py path/to/django.po translations.json
Multi-line msgids are matched on their joined text. Existing translations are kept.
"""

import json
import re
import sys


def unquote(lines: list[str]) -> str:
    return "".join(json.loads(line.strip()) for line in lines)


def fill(po_path: str, mapping: dict[str, str]) -> list[str]:
    text = open(po_path, encoding="utf-8").read()
    entries = text.split("\n\n")
    missing = []
    for i, entry in enumerate(entries):
        m = re.search(r'^msgid ("(?:.*)"\n(?:".*"\n)*)msgstr ""\s*$', entry + "\n", re.M)
        if not m:
            continue
        msgid = unquote(m.group(1).strip().split("\n"))
        if not msgid:
            continue
        if msgid in mapping:
            entries[i] = (
                entry[: m.start()]
                + f"msgid {m.group(1)}msgstr {json.dumps(mapping[msgid], ensure_ascii=False)}"
            )
            entries[i] = entries[i].replace("#, fuzzy\n", "")
        else:
            missing.append(msgid)
    open(po_path, "w", encoding="utf-8").write("\n\n".join(entries))
    return missing


if __name__ == "__main__":
    left = fill(sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8")))
    for msgid in left:
        print("untranslated:", msgid)
