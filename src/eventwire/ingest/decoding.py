"""Bytes to text by evidence, strongest first: a byte-order mark, the format's own declaration (XML
``encoding=``, HTML ``<meta charset>``, a saved page's ``Content-Type`` header), valid UTF-8, then a
detector (charset-normalizer). The encoding chosen, why, and how sure are kept (:class:`Decoded`,
then ``Article.reading``). Bytes that are not text in the chosen encoding are replaced and the record
is flagged ``encoding_replaced``; a file where too many are becomes an :class:`InputError`. Nothing is
decoded silently into the wrong letters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import Reading

#: More replaced characters than this share of the text: no encoding fits, the file is refused.
MAX_REPLACED = 0.02

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER = re.compile(rb"""^content-type\s*:[^\r\n]*?charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I | re.M)
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: What Western European text holds beyond ASCII in windows-1252: accented letters, typographic punctuation,
#: currency and a few signs -- not the superscripts and spacing marks that letters of other code pages become.
_WESTERN = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u00a0\u00a1\u00a2\u00a3\u00a5\u00a7\u00a9"
                      "\u00ab\u00ae\u00b0\u00b1\u00b4\u00b5\u00b7\u00bb\u00bc-\u00bf\u0152\u0153\u0160\u0161"
                      "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
                      "\u2039\u203a\u20ac\u2122]")
#: Signs of another code page read as windows-1252: a sign glued to the lower-case letter after it ('£ódŸ'
#: is 'Łódź' in windows-1250), or a capital right after a lower-case letter.
_MISREAD = re.compile("[\u00a2-\u00a5\u00a7\u00a9\u00ae\u00b0\u00b1\u00b5\u00b7\u00bc-\u00be\u0178][a-z\u00e0-\u00ff]"
                      "|[a-z\u00df-\u00ff][\u00c0-\u00de\u0152\u0160\u0178\u017d]")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Labels that mean windows-1252 in practice (the WHATWG encoding standard maps them so).
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the evidence for its encoding."""

    text: str
    encoding: str | None
    confidence: float | None
    evidence: str  # "bom", "declaration", "utf-8", "detector", "western", "text"
    replaced: bool = False

    def reading(self) -> Reading:
        return Reading(encoding=self.encoding, encoding_confidence=self.confidence,
                       encoding_evidence=self.evidence, encoding_replaced=self.replaced)


def from_text(text: str) -> Decoded:
    """A text given as text (stdin decoded by Python, a library call): no bytes to weigh."""
    return Decoded(text, None, None, "text")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Error handler: a byte that is not UTF-8 is read as windows-1252 (a Latin-1 letter pasted into UTF-8)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", "replace"), err.end


codecs.register_error("eventwire-cp1252", _cp1252_fallback)


def _codec(label: bytes) -> str | None:
    try:
        name = codecs.lookup(label.decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    name = name.replace("-", "_")
    if name in _AS_CP1252:
        return "cp1252"
    return codecs.lookup(name).name


def _declared(data: bytes) -> str | None:
    head = data[:4096]
    for pattern in (_XML_DECL, _HEADER, _META):
        if m := pattern.search(head):
            return _codec(m[1])
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text in a Latin script has a NUL in every other byte."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _checked(d: Decoded, origin: str) -> Decoded:
    if d.replaced and d.text.count("\ufffd") > MAX_REPLACED * max(len(d.text), 1):
        raise InputError(
            f"{origin}: not text in {d.encoding} ({d.text.count(chr(0xFFFD)):,} of {len(d.text):,} characters "
            "are not valid in it) and in no other encoding found"
        )
    return d


def _decode_as(data: bytes, encoding: str, evidence: str, confidence: float) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding, confidence, evidence)
    except UnicodeDecodeError:
        handler = "eventwire-cp1252" if encoding == "utf-8" else "replace"
        return Decoded(data.decode(encoding, handler), encoding, confidence, evidence, replaced=True)


def _western(data: bytes) -> Decoded | None:
    """windows-1252 when the text reads as a Western European language in it: mostly ASCII letters, the
    rest accented Latin letters and typographic punctuation (English news with foreign names)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii or any(not _WESTERN.match(c) for c in non_ascii):
        return None
    if any(_MISREAD.search(text, max(m.start() - 1, 0), m.end() + 1) for m in _NON_ASCII.finditer(text)):
        return None
    letters = sum(c.isalpha() for c in text)
    if sum(c.isalpha() for c in non_ascii) > 0.3 * max(letters, 1):
        return None  # a text in another script read as Latin letters
    return Decoded(text, "cp1252", 0.8, "western")


def decode(data: bytes, origin: str) -> Decoded:
    """Text from bytes, with the encoding chosen and the evidence for it.

    Raises :class:`InputError` for empty or binary data, or data that is text in no encoding.
    """
    if not data.strip():
        raise InputError(f"{origin}: empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_as(data[len(bom) :], encoding, "bom", 1.0), origin)
    if b"\x00" in data[:8192] and (wide := _utf16_without_bom(data[:8192])):
        d = _decode_as(data, wide, "detector", 0.9)
        if not d.text.strip():
            raise InputError(f"{origin}: empty input")
        return _checked(d, origin)
    head = data[:8192]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) * 0.05:
        raise InputError(f"{origin}: binary data, not text")
    multi = _UTF8_MULTI.search(data) is not None
    declared = _declared(data)
    if declared and not declared.startswith(("utf-16", "utf-32")):
        single_byte = declared != "utf-8"
        if not (single_byte and multi and _valid_utf8(data)):  # a page saved as UTF-8 that kept its old label
            return _checked(_decode_as(data, declared, "declaration", 1.0), origin)
    if _valid_utf8(data):
        return Decoded(data.decode("utf-8"), "utf-8", 1.0, "utf-8")
    if multi and len(_UTF8_MULTI.findall(data)) > _invalid_utf8(data):
        return _checked(_decode_as(data, "utf-8", "utf-8", 0.9), origin)  # UTF-8 with a few stray bytes
    if western := _western(data):
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{origin}: not UTF-8 and no text encoding could be detected")
    return _checked(_decode_as(data, best.encoding, "detector", round(1.0 - best.chaos, 3)), origin)


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _invalid_utf8(data: bytes) -> int:
    return data.decode("utf-8", "replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
