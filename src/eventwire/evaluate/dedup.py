"""``eventwire eval dedup``: cross-document event coreference on ECB+ (Cybulska and Vossen 2014).

The pipeline runs on each ECB+ document (text rebuilt from its tokens, no publication date: ECB+ has
none). Predicted events are aligned one-to-one with gold action mentions by token overlap of the
trigger (the evidence span when there is no trigger), only in the sentences whose annotation the
corpus marks reliable (``ECBplus_coreference_sentences.csv``). The clustering by
:func:`eventwire.dedup.cluster_events` (over all documents at once, no topic given) is scored against
the gold chains (cross-document instance ids, then within-document chains) with MUC, B-cubed, CEAF-e
and CoNLL F1.

The headline (``conll_f1``, ``muc_f1``, ``bcubed_f1``, ``ceafe_f1``) is scored over **all** gold
mentions: a mention the system did not extract is a singleton of its own; ``coverage`` (the share of
gold mentions aligned with an event) is printed beside it. ``aligned_*`` scores the aligned mentions
only (a diagnostic of the clustering itself). The same-lemma-same-topic baseline is scored on all
gold mentions (``base_all_*``) and on the aligned ones (``base_*``).

Splits: an item is an ECB+ topic (the documents of a topic stay together), without strata.
``limit`` counts documents, taken topic by topic: the ECB+ development topics first (2, 5, 12, 18,
21, 23, 34, 35), then the others in numeric order.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EvalError
from ..model import Article, Document
from ..settings import Settings

if TYPE_CHECKING:
    from ..dedup.compare import DedupConfig

#: Development topics of the usual ECB+ split (Cybulska and Vossen 2015; Barhom et al. 2019).
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
HEADLINE = ("conll_f1", "muc_f1", "bcubed_f1", "ceafe_f1", "coverage")
_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "''",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}
_DOC_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")


@dataclass
class GoldMention:
    id: str  # "doc:m_id"
    tokens: list[int]  # token indices in the document
    chain: str  # gold cluster: cross-document instance id, within-document chain, or the mention itself


@dataclass
class GoldDoc:
    name: str  # "1_10ecb"
    topic: int
    subtopic: str  # "1ecb" / "1ecbplus": the two seminal events of a topic
    tokens: list[str]
    sentences: list[int]  # sentence number of each token
    url: str | None
    mentions: list[GoldMention] = field(default_factory=list)
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)  # token char spans in ``text``


def _reliable(path: Path) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return out


def _detok(tokens: list[str], sentences: list[int], skip: set[int]) -> tuple[str, list[tuple[int, int]]]:
    """Text from tokens (one line per sentence) and each token's char span (-1, -1 for skipped tokens)."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    prev_sent: int | None = None
    prev_tok = ""
    for tok, sent in zip(tokens, sentences, strict=True):
        if sent in skip:
            offsets.append((-1, -1))
            continue
        if prev_sent is not None:
            sep = "\n" if sent != prev_sent else ("" if tok in _NO_SPACE_BEFORE or prev_tok in _NO_SPACE_AFTER else " ")
            parts.append(sep)
            pos += len(sep)
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
        prev_sent, prev_tok = sent, tok
    return "".join(parts), offsets


def read_doc(path: Path, reliable: set[int]) -> GoldDoc:
    """One ECB+ XML document: tokens, gold action mentions in reliable sentences, their chains."""
    m = _DOC_NAME.match(path.name)
    if not m:
        raise EvalError(f"not an ECB+ document name: {path.name}")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise EvalError(f"cannot parse {path}: {e}") from e
    name = path.name[:-4]
    tids: dict[str, int] = {}
    tokens: list[str] = []
    sentences: list[int] = []
    for t in root.iter("token"):
        tids[t.get("t_id", "")] = len(tokens)
        tokens.append(t.text or "")
        sentences.append(int(t.get("sentence", "0")))
    plus = m[3] == "ecbplus"
    url = "".join(tok for tok, s in zip(tokens, sentences, strict=True) if s == 0) if plus else None
    text, offsets = _detok(tokens, sentences, {0} if plus else set())
    doc = GoldDoc(name, int(m[1]), f"{m[1]}{m[3]}", tokens, sentences, url, text=text, offsets=offsets)

    chain: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        if rel.tag == "CROSS_DOC_COREF":
            label = "x:" + (rel.get("note") or rel.get("r_id", ""))
        elif rel.tag == "INTRA_DOC_COREF":
            target = rel.find("target")
            label = f"i:{name}:{target.get('m_id') if target is not None else rel.get('r_id')}"
        else:
            continue
        for src in rel.findall("source"):
            chain.setdefault(src.get("m_id", ""), label)
    markables = root.find("Markables")
    for mk in markables if markables is not None else []:
        if not (mk.tag.startswith("ACTION_") or mk.tag.startswith("NEG_ACTION_")):
            continue
        idx = [tids[a.get("t_id", "")] for a in mk.findall("token_anchor") if a.get("t_id", "") in tids]
        if not idx or sentences[idx[0]] not in reliable:
            continue
        mid = mk.get("m_id", "")
        doc.mentions.append(GoldMention(f"{name}:{mid}", sorted(idx), chain.get(mid, f"s:{name}:{mid}")))
    return doc


def read_corpus(path: Path, limit: int | None = None, *, split: str | None = None,
                sample: int | None = None) -> list[GoldDoc]:
    """ECB+ documents under ``path`` (the folder holding ``ECB+/`` and ``ECB+_LREC2014/``), dev topics first;
    with ``split``, the topics of that split (``sample``: a fixed random sample of them)."""
    from .splits import pick

    root = path / "ECB+" if (path / "ECB+").is_dir() else path
    index = next(iter(sorted(path.rglob("ECBplus_coreference_sentences.csv"))), None)
    if index is None:
        raise EvalError(f"ECBplus_coreference_sentences.csv not found under {path}")
    reliable = _reliable(index)
    topics = sorted(
        (int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda t: (t not in DEV_TOPICS, t)
    )
    if not topics:
        raise EvalError(f"no ECB+ topic folders under {root}")
    topics = pick("dedup", topics, split, key=str, sample_size=sample)
    out: list[GoldDoc] = []
    for t in topics:
        files = sorted((root / str(t)).glob("*.xml"), key=lambda p: (len(p.name), p.name))
        for f in files:
            if limit is not None and len(out) >= limit:
                return out
            out.append(read_doc(f, reliable.get(f.name[:-4], set())))
    return out


def _align(gold: GoldDoc, doc: Document) -> dict[str, str]:
    """Gold mention id -> predicted event id, by token overlap of the trigger or a later mention of the
    event (one gold mention per span)."""
    # Token spans in the cleaned text: the cleaner may drop lines, so find tokens in order.
    spans: list[tuple[int, int]] = []
    pos = 0
    for tok, (s, _) in zip(gold.tokens, gold.offsets, strict=True):
        if s < 0:
            spans.append((-1, -1))
            continue
        at = doc.text.find(tok, pos, pos + len(tok) + 200) if tok else -1
        if at < 0:
            spans.append((-1, -1))
            continue
        spans.append((at, at + len(tok)))
        pos = at + len(tok)
    by_token = {i: m for m in gold.mentions for i in m.tokens}
    cands: list[tuple[float, str, str, int]] = []
    for ev in doc.events:  # each mention of an event (its trigger, the later ones joined to it) aligns once
        for k, span in enumerate([ev.trigger or ev.evidence, *ev.mentions]):
            toks = {i for i, (s, e) in enumerate(spans) if s >= 0 and s < span.end and e > span.start}
            for mention in {by_token[i].id: by_token[i] for i in toks if i in by_token}.values():
                shared = len(toks & set(mention.tokens))
                cands.append((2 * shared / (len(toks) + len(mention.tokens)), mention.id, ev.id, k))
    out: dict[str, str] = {}
    used: set[tuple[str, int]] = set()
    for _, mid, eid, k in sorted(cands, key=lambda c: (-c[0], c[1], c[2], c[3])):
        if mid not in out and (eid, k) not in used:
            out[mid] = eid
            used.add((eid, k))
    return out


def _lemmas(golds: list[GoldDoc]) -> dict[str, str]:
    """Gold mention id -> lemma of its words (for the same-lemma baseline), from the tagger in context."""
    from ..nlp import load_model

    nlp = load_model()
    disable = [p for p in nlp.pipe_names if p in ("parser", "ner")]
    out: dict[str, str] = {}
    for gold, sdoc in zip(golds, nlp.pipe((g.text for g in golds), disable=disable), strict=True):
        start_of = {t.idx: t for t in sdoc}
        for m in gold.mentions:
            words = []
            for i in m.tokens:
                s, _ = gold.offsets[i]
                tok = start_of.get(s)
                words.append((tok.lemma_ if tok is not None else gold.tokens[i]).lower())
            out[m.id] = " ".join(words)
    return out


def _scores(prefix: str, key: dict[str, str], response: dict[str, str]) -> dict[str, float]:
    from ..dedup.metrics import conll

    return {f"{prefix}{k}": round(v, 4) for k, v in conll(key, response).items()}


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None) -> dict[str, Any]:
    """Score event deduplication on ECB+ (see the module docstring); ``limit`` counts documents, ``sample``
    topics."""
    from ..pipeline import default_pipeline

    golds = read_corpus(Path(path), limit, split=split, sample=sample)
    if not golds:
        raise EvalError(f"no ECB+ documents under {path}")
    articles = [Article(id=g.name, raw=g.text, url=g.url, source="ecbplus") for g in golds]
    docs = [d for d in default_pipeline(settings).pipe(articles, on_error="record") if isinstance(d, Document)]
    result = score(golds, docs)
    result["documents_failed"] = len(golds) - len(docs)
    return result


def score(golds: list[GoldDoc], docs: list[Document], *, config: DedupConfig | None = None) -> dict[str, Any]:
    """Align the documents' events with the gold mentions, cluster them, score against the gold chains."""
    from ..dedup import cluster_events, event_refs

    by_id = {g.name: g for g in golds}
    aligned: dict[str, str] = {}  # gold mention id -> event key "doc:event"
    for doc in docs:
        if doc.id in by_id:
            aligned.update({mid: f"{doc.id}:{eid}" for mid, eid in _align(by_id[doc.id], doc).items()})

    refs = [r for doc in docs for r in event_refs(doc)]
    clusters = cluster_events(refs, config=config)
    cluster_of = {k: c.id for c in clusters for k in c.members}
    topic_of = {g.name: g.topic for g in golds}
    by_topic: dict[int, list] = defaultdict(list)
    for r in refs:
        by_topic[topic_of[r.article]].append(r)
    topic_cluster_of = {
        k: c.id for rs in by_topic.values() for c in cluster_events(rs, config=config) for k in c.members
    }

    mentions = {m.id: (g, m) for g in golds for m in g.mentions}
    key = {mid: mentions[mid][1].chain for mid in aligned}
    lemma = _lemmas(golds)
    baseline = {mid: f"{mentions[mid][0].topic}|{lemma[mid]}" for mid in aligned}
    result: dict[str, Any] = {
        "n": len(golds),
        "gold_mentions": len(mentions),
        "gold_chains": len({m.chain for _, m in mentions.values()}),
        "predicted_events": len(refs),
        "aligned": len(aligned),
        "coverage": round(len(aligned) / len(mentions), 4) if mentions else 0.0,
        "aligned_gold_chains": len(set(key.values())),
        "multi_clusters": sum(1 for c in clusters if len(c.members) > 1),
    }
    all_key = {mid: m.chain for mid, (_, m) in mentions.items()}
    # every gold mention: an unextracted one is a singleton cluster of its own
    result.update(_scores("", all_key, {mid: cluster_of[aligned[mid]] if mid in aligned else f"unaligned:{mid}"
                                        for mid in mentions}))
    result.update(_scores("aligned_", key, {mid: cluster_of[e] for mid, e in aligned.items()}))
    result.update(_scores("topic_", key, {mid: topic_cluster_of[e] for mid, e in aligned.items()}))
    result.update(_scores("base_", key, baseline))
    all_base = {mid: f"{g.topic}|{lemma[mid]}" for mid, (g, _) in mentions.items()}
    result.update(_scores("base_all_", all_key, all_base))
    return result
