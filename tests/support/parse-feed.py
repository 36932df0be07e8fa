"""Parses one RSS or Atom document with feedparser and prints what a feed reader would see, as JSON.

Usage: /usr/bin/python3 parse-feed.py FILE [FILE ...]   (Debian's python3-feedparser; it reads each file's
own encoding). One file prints one JSON object; several print a JSON array, one object per file, in order.
"""
import json
import sys

import feedparser


def text(value):
    return None if value is None else str(value)


def describe(path):
    with open(path, "rb") as handle:
        parsed = feedparser.parse(handle.read())
    feed = parsed.get("feed", {})
    entries = []
    for entry in parsed.get("entries", []):
        content = entry.get("content") or []
        entries.append({
            "id": entry.get("id"),
            "title": entry.get("title"),
            "title_type": (entry.get("title_detail") or {}).get("type"),
            "link": entry.get("link"),
            "summary": entry.get("summary"),
            "content": content[0].get("value") if content else None,
            "published": entry.get("published"),
            "updated": entry.get("updated"),
            "tags": [tag.get("term") for tag in entry.get("tags", [])],
            "language": (entry.get("title_detail") or {}).get("language"),
            "links": [{"rel": link.get("rel"), "href": link.get("href"), "title": link.get("title")} for link in entry.get("links", [])],
            "media_content": [dict(media) for media in entry.get("media_content", [])],
        })
    return {
        "bozo": int(bool(parsed.get("bozo"))),
        "bozo_exception": text(parsed.get("bozo_exception")),
        "version": parsed.get("version"),
        "encoding": parsed.get("encoding"),
        "feed": {
            "title": feed.get("title"),
            "link": feed.get("link"),
            "id": feed.get("id"),
            "language": feed.get("language") or (feed.get("title_detail") or {}).get("language"),
            "links": [{"rel": link.get("rel"), "href": link.get("href"), "type": link.get("type")} for link in feed.get("links", [])],
        },
        "entries": entries,
    }


if __name__ == "__main__":
    results = [describe(path) for path in sys.argv[1:]]
    print(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False))
