"""An Atom feed (RFC 4287) of a watchlist's alerts, readable by any feed reader."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from .model import Alert, Watchlist

ATOM = "http://www.w3.org/2005/Atom"


def feed(wl: Watchlist, alerts: list[Alert], *, base_url: str = "") -> str:
    """The feed XML: one entry per alert, newest first; links point at the article view of ``base_url``."""
    ET.register_namespace("", ATOM)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        e = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            e.text = text
        return e

    root = ET.Element(f"{{{ATOM}}}feed")
    el(root, "id", f"urn:eventwire:watchlist:{wl.name}")
    el(root, "title", f"eventwire watchlist {wl.name}")
    el(root, "updated", max((a.updated_at for a in alerts), default=wl.created_at))
    el(root, "link", rel="self", href=f"{base_url}/api/watchlists/{wl.name}/feed.atom")
    el(el(root, "author"), "name", "eventwire")
    el(root, "generator", "eventwire")
    for a in alerts:
        e = el(root, "entry")
        el(e, "id", f"urn:eventwire:alert:{wl.name}:{a.id}")
        where = f" in {a.place_name}" if a.place_name else ""
        when = f" on {a.date}" if a.date else ""
        el(e, "title", f"{a.type or 'EVENT'}{where}{when}: {a.title or a.evidence[:80]}")
        el(e, "published", a.created_at)
        el(e, "updated", a.updated_at)
        el(e, "link", rel="alternate", type="text/html", href=f"{base_url}{a.view}")
        if a.url:
            el(e, "link", rel="related", href=a.url)
        sources = f" ({a.sources} reports)" if a.sources > 1 else ""
        el(e, "summary", f"{a.evidence}{sources}")
        el(e, "category", term=a.type or "EVENT")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
