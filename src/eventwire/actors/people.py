"""People: PERSON mentions, titles, short names linked to the full name, role and affiliation.

"General Kenneth McKenzie, commander of the US Central Command" → name "Kenneth McKenzie", title
"General", role "commander", affiliation the US Central Command; a later "General McKenzie" or
"McKenzie" is the same actor. "US Defense Department spokesman Jonathan Hoffman" → role "spokesman",
affiliation the Defense Department.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .candidates import Candidate
from .dictionary import ActorDictionary, Entry
from .lexicon import Hit

#: Titles that say nothing about a role.
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor"}
LOCATIVE = {"in", "at", "near", "from", "to", "into", "towards", "toward", "across", "outside", "inside"}


@dataclass
class _Cluster:
    tokens: list[str]  # lower-case name words of the longest form
    name: str
    entry: Entry
    members: list[Candidate] = field(default_factory=list)


def _title_before(sdoc: Any, start: int, dic: ActorDictionary) -> tuple[int, str | None]:
    """The title words just before token ``start`` ("General", "Lt. Gen.", "Prime Minister")."""
    sent_start = sdoc[start].sent.start
    for n in (3, 2, 1):
        s = start - n
        if s < sent_start:
            continue
        words = sdoc[s:start]
        key = " ".join(t.text.replace(".", "") for t in words if t.text != ".").lower().strip()
        if key in dic.titles and words[0].text[:1].isupper():
            return s, words.text
    return start, None


def _role_in(tokens: list[Any], roles: frozenset[str], *, last: bool) -> str | None:
    found = None
    i = 0
    while i < len(tokens):
        for n in (3, 2, 1):
            part = tokens[i:i + n]
            phrase = "".join(t.lower_ + t.whitespace_ for t in part).strip()
            if len(part) == n and part[-1].i - part[0].i == n - 1 and phrase in roles:
                found = phrase
                if not last:
                    return found
                i += n - 1
                break
        i += 1
    return found


def person_candidates(sdoc: Any, taken: list[Candidate], dic: ActorDictionary, country_names: frozenset[str],
                      credit: Any, country_hits: list[Hit] = ()) -> list[Candidate]:
    """PERSON mentions not already taken, linked into one actor per person.

    A nationality before the name with no other organisation ("Russian President Vladimir Putin")
    makes that state's government the affiliation, and a mention of it.
    """
    out: list[Candidate] = []
    extra: list[Candidate] = []
    clusters: list[_Cluster] = []
    for ent in sdoc.ents:
        if ent.label_ != "PERSON":
            continue
        span = ent
        inner_title = None
        # titles inside the entity ("General Kenneth McKenzie")
        for n in (3, 2, 1):
            if len(span) > n:
                key = " ".join(t.text.replace(".", "") for t in span[:n] if t.text != ".").lower()
                if key in dic.titles:
                    inner_title = span[:n].text
                    span = span[n:]
                    break
        while len(span) > 1 and span[-1].text in ("'s", "’s", "'", ",", "."):
            span = span[:-1]
        text = span.text
        if not any(ch.isupper() for ch in text) or text in country_names:
            continue
        if any(span.start_char < c.end and c.start < span.end_char for c in taken):
            continue
        if credit(span.start_char, span.end_char):
            continue
        if " " not in text and span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE:
            continue  # "to al-Hasaka": a place misread as a person
        title_start, title = _title_before(sdoc, span.start, dic)
        title = inner_title or title
        cand = Candidate(span.start_char, span.end_char, text, span.start, span.end, "ner", person=True, title=title)
        if title:
            cand.forms.append(f"{title} {text}")
        pre_end = title_start if not inner_title else ent.start
        _role_and_affiliation(sdoc, span, pre_end, cand, taken, dic)
        if cand.affiliation is None and cand.role is not None:
            left = max(span.root.left_edge.i, span.sent.start)
            ranges = [(left, pre_end)] + [w for w in [_apposition(sdoc, span)] if w is not None]
            for lo, hi in ranges:  # "Russian President ...", "..., the US envoy to Syria,"
                cand.affiliation = _nationality(sdoc, lo, hi, country_hits, taken + extra, dic)
                if cand.affiliation is not None:
                    break
            if cand.affiliation is not None and cand.affiliation not in extra:
                extra.append(cand.affiliation)
        _link(cand, [t.lower_ for t in span if t.is_alpha or "-" in t.text], clusters)
        out.append(cand)
    return out + extra + _surname_sweep(sdoc, clusters, taken + out + extra, dic.titles)


def _nationality(sdoc: Any, lo: int, hi: int, country_hits: list[Hit], taken: list[Candidate],
                 dic: ActorDictionary) -> Candidate | None:
    """The government of the first state named in tokens [lo, hi) (an existing mention when there is one)."""
    for h in country_hits:
        if lo <= h.start and h.end <= hi:
            for c in taken:
                if c.tok_start == h.start and c.tok_end == h.end:
                    return c
            if any(c.tok_start < h.end and h.start < c.tok_end for c in taken):
                continue
            entry = dic.state_entry(h.value, "government")
            if entry is not None:
                sp = sdoc[h.start:h.end]
                return Candidate(sp.start_char, sp.end_char, sp.text, h.start, h.end, "pattern",
                                 entry=entry, category="government")
    return None


def _surname_sweep(sdoc: Any, clusters: list[_Cluster], taken: list[Candidate],
                   titles: frozenset[str]) -> list[Candidate]:
    """Surnames of known people that NER missed later on ("... that McKenzie agreed")."""
    surnames: dict[str, _Cluster] = {}
    for cl in clusters:
        last = cl.name.split()[-1]
        if len(cl.tokens) > 1 and len(last) >= 3 and last[:1].isupper():
            surnames.setdefault(last, cl)  # the first person with that surname
    out = []
    if not surnames:
        return out
    for tok in sdoc:
        cl = surnames.get(tok.text)
        if cl is None or tok.pos_ != "PROPN":
            continue
        s, e = tok.idx, tok.idx + len(tok.text)
        if any(s < c.end and c.start < e for c in taken):
            continue
        prev = sdoc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() \
                and prev.text.replace(".", "").lower() not in titles:
            continue  # another first name: a different person
        cand = Candidate(s, e, tok.text, tok.i, tok.i + 1, "ner", person=True, entry=cl.entry)
        cl.members.append(cand)
        out.append(cand)
    return out


def _link(cand: Candidate, words: list[str], clusters: list[_Cluster]) -> None:
    words = words or [cand.text.lower()]
    for cl in reversed(clusters):
        if words[-1] != cl.tokens[-1]:
            continue
        if set(words) <= set(cl.tokens):
            break
        if set(cl.tokens) <= set(words):  # the full name after a short one
            cl.tokens, cl.name = words, cand.text
            cl.entry = Entry(id=cl.entry.id, name=cand.text)
            for m in cl.members:
                m.entry = cl.entry
            break
    else:
        cl = _Cluster(words, cand.text, Entry(id=f"person:{len(clusters)}", name=cand.text))
        clusters.append(cl)
    cl.members.append(cand)
    cand.entry = cl.entry


def _role_and_affiliation(sdoc: Any, span: Any, pre_end: int, cand: Candidate, taken: list[Candidate],
                          dic: ActorDictionary) -> None:
    root = span.root
    sent = span.sent
    # before the name: "US Defense Department spokesman [Jonathan Hoffman]"
    left = max(root.left_edge.i, sent.start)
    pre = [t for t in sdoc[left:max(pre_end, span.start)] if t.pos_ != "DET"]  # title words included
    role = _role_in(pre, dic.roles, last=True)
    aff = next((c for c in reversed(taken) if c.tok_start >= left and c.tok_end <= pre_end and not c.person), None)
    title_only = role is not None and cand.title is not None and role == cand.title.lower().replace(".", "")
    # after the name: ", commander of the US Central Command,"
    if (role is None or title_only) and aff is None:
        win = _apposition(sdoc, span)
        if win is not None:
            lo, hi = win
            app_role = _role_in(list(sdoc[lo:hi]), dic.roles, last=False)
            if app_role is not None:
                role = app_role
                aff = next((c for c in taken if c.tok_start >= lo and c.tok_end <= hi and not c.person), None)
    if role is None and cand.title and cand.title.lower().replace(".", "") not in HONORIFICS:
        role = cand.title.lower()
    cand.role = role
    cand.affiliation = aff


def _apposition(sdoc: Any, span: Any) -> tuple[int, int] | None:
    """Token range of the apposition right after a name (parse first, then ", ... ," in the text)."""
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            return child.left_edge.i, child.right_edge.i + 1
    k = span.end
    if k < len(sdoc) and sdoc[k].text == ",":
        end = k + 1
        sent_end = sdoc[k].sent.end
        while end < min(sent_end, k + 14) and sdoc[end].text not in (",", ";") \
                and sdoc[end].pos_ not in ("VERB", "AUX"):
            end += 1
        return k + 1, end
    return None
