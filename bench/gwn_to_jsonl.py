#!/usr/bin/env python3
"""GeoWebNews GWN.xml -> JSON lines {"id": file, "text": ...} for `conflictmap geoparse --jsonl`
and the peers, so that every system reads the same texts. Standard library only.

Usage: gwn_to_jsonl.py GWN.xml OUT.jsonl
"""
import json
import sys
import xml.etree.ElementTree as ET


def main():
    src, dst = sys.argv[1], sys.argv[2]
    n = size = 0
    with open(dst, "w", encoding="utf-8") as out:
        for art in ET.parse(src).getroot().iter("article"):
            text = art.findtext("text") or ""
            out.write(json.dumps({"id": art.get("file"), "text": text}, ensure_ascii=False) + "\n")
            n += 1
            size += len(text.encode("utf-8"))
    print(f"articles {n}\nbytes {size}", file=sys.stderr)


if __name__ == "__main__":
    main()
