"""Reading TimeML (TempEval-3 format): the text, the document creation time, and the gold TIMEX3s."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvalError


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""


@dataclass
class TimeMLDoc:
    """One TimeML document: the TEXT element's plain text, the creation date and the gold expressions."""

    id: str
    text: str
    dct: str | None  # "YYYY-MM-DD"
    timexes: list[GoldTimex] = field(default_factory=list)


def read_timeml(path: str | Path) -> TimeMLDoc:
    """Parse one ``.tml`` file; offsets of the TIMEX3s are into the TEXT element's text."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise EvalError(f"cannot read TimeML {path}: {e}") from e
    for el in root.iter():  # drop namespaces: some TimeML files declare a default one
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    dct = None
    dct_el = root.find("DCT/TIMEX3")
    if dct_el is None:
        dct_el = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if dct_el is not None and dct_el.get("value"):
        dct = dct_el.get("value", "")[:10]
    text_el = root.find("TEXT")
    if text_el is None:
        raise EvalError(f"no TEXT element in {path}")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            s = "".join(parts)[start:pos]
            timexes.append(GoldTimex(start, pos, s, el.get("type", "DATE"), el.get("value", ""), el.get("tid", "")))

    walk(text_el)
    docid = root.findtext("DOCID") or path.stem
    return TimeMLDoc(id=docid.strip(), text="".join(parts), dct=dct, timexes=sorted(timexes, key=lambda t: t.start))
