"""Reads an Atom feed with feedparser (PyPI), as feed readers do, and prints what it understood as JSON.

    python3 read_feed.py FEED [SERVED_AT]

SERVED_AT is the URL the feed is served at (an HTTP Content-Location): relative links are
resolved against it. Times are printed as seconds since 1970 (UTC). Exit 3 when feedparser is
not installed.
"""
import calendar
import json
import sys

try:
    import feedparser
except ImportError:
    print("feedparser is not installed: python3 -m pip install feedparser", file=sys.stderr)
    sys.exit(3)


def seconds(t):
    return calendar.timegm(t) if t else None


def links(obj):
    return [{"rel": l.get("rel"), "href": l.get("href"), "type": l.get("type")} for l in obj.get("links", [])]


with open(sys.argv[1], "rb") as f:
    data = f.read()
headers = {"content-location": sys.argv[2], "content-type": "application/atom+xml"} if len(sys.argv) > 2 else {}
d = feedparser.parse(data, response_headers=headers)
print(json.dumps({
    "bozo": bool(d.bozo),
    "bozo_exception": str(d.get("bozo_exception", "")),
    "version": d.version,
    "feed": {"id": d.feed.get("id"), "title": d.feed.get("title"), "updated": seconds(d.feed.get("updated_parsed")),
             "links": links(d.feed)},
    "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"), "links": links(e),
                 "published": seconds(e.get("published_parsed")), "updated": seconds(e.get("updated_parsed"))}
                for e in d.entries],
}, indent=1, sort_keys=True))
