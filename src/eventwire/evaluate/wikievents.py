"""``eventwire eval wikievents``: event detection on whole real news articles (WikiEvents).

Data: WikiEvents (Li, Ji & Han 2021) JSON lines, one article a line: ``sentences`` of tokens with
character offsets, ``entity_mentions`` and ``event_mentions`` (KAIROS types, a trigger and
arguments) on token indices. The article text is rebuilt from the tokens at their offsets, sentences
on lines of their own, and run through the whole pipeline.

Gold classes in scope and the system's events that answer them:

- ``attack`` (``Conflict.Attack.*``), ``death`` (``Life.Die.*``), ``injury`` (``Life.Injure.*``):
  ASSAULT (a death or injury is part of the violent act that caused it in our records);
- ``arrest`` (``Justice.ArrestJailDetain.*``): COERCE with mode ``arrest``;
- ``demonstration`` (``Conflict.Demonstrate.*``): PROTEST.

Metrics (the system's own events; none is chosen by looking at gold):

- ``sentence_*``: per coarse class (``violence`` = attack, death, injury; ``arrest``;
  ``demonstration``; and ``all`` pooled), the set of sentences holding a gold mention against the set
  of sentences holding the trigger of a predicted event of that class: precision, recall, F1;
  ``sentence_recall_<fine class>`` per fine class;
- ``trigger_*``: a predicted event is right when its trigger or one of its later mentions overlaps
  the trigger of a gold mention of a class it answers; a gold mention is found when such a span
  overlaps it;
- on gold mentions matched to a predicted event (by trigger, else the nearest event of the class in
  the same sentence): ``actor_accuracy`` (a gold Attacker/Killer/Injurer/Jailer/Perpetrator/
  Demonstrator argument is one of the event's actors: an actor mention overlaps it),
  ``target_accuracy`` (Target/Victim/Detainee among the recipients), ``place_accuracy`` (the event's
  place is the gold Place argument: its span, or another mention of the same resolved place,
  overlaps it), each over the matched mentions that have such an argument;
- ``events_per_article`` and ``gold_per_article`` for scale.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Article, Document, Event
from ..settings import Settings
from . import prf, recase, splits

HEADLINE = ("sentence_all_f1", "trigger_f1", "actor_accuracy", "target_accuracy", "place_accuracy")

FINE = {
    "Conflict.Attack": "attack", "Life.Die": "death", "Life.Injure": "injury",
    "Justice.ArrestJailDetain": "arrest", "Conflict.Demonstrate": "demonstration",
}
COARSE = {"attack": "violence", "death": "violence", "injury": "violence", "arrest": "arrest",
          "demonstration": "demonstration"}
ACTOR_ROLES = {"Attacker", "Killer", "Injurer", "Jailer", "Perpetrator", "Demonstrator"}
TARGET_ROLES = {"Target", "Victim", "Detainee"}


@dataclass
class GoldMention:
    fine: str
    trigger: tuple[int, int]
    sentence: int
    args: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # role -> entity spans


@dataclass
class GoldDoc:
    id: str
    text: str
    sentences: list[tuple[int, int]]
    mentions: list[GoldMention]


def event_class(e: Event) -> str | None:
    """The coarse WikiEvents class a predicted event answers, or None when out of scope."""
    if e.type == "ASSAULT":
        return "violence"
    if e.type == "COERCE" and e.mode == "arrest":
        return "arrest"
    if e.type == "PROTEST":
        return "demonstration"
    return None


def read_docs(path: Path) -> list[GoldDoc]:
    """The articles of a WikiEvents JSON-lines file, text rebuilt at the tokens' offsets."""
    if path.is_dir():
        path = path / "dev.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise EvalError(f"cannot read {path}: {e}") from e
    docs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            docs.append(_gold_doc(raw))
        except (ValueError, KeyError, IndexError, TypeError) as e:
            raise EvalError(f"{path}:{n}: not a WikiEvents record: {e}") from e
    return docs


def _gold_doc(raw: dict[str, Any]) -> GoldDoc:
    chars: list[str] = []
    tokens: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    for sent in raw["sentences"]:
        toks = sent[0]
        if not toks:
            continue
        first = int(toks[0][1])
        if chars and first > len(chars):
            chars.append("\n")
        for word, start, end in toks:
            start, end = int(start), int(end)
            if start < len(chars) or end - start != len(word):  # overlapping or odd offsets: append after
                start = len(chars) + (1 if chars and chars[-1] not in " \n" else 0)
                end = start + len(word)
            chars.extend(" " * (start - len(chars)))
            chars.extend(word)
            tokens.append((start, end))
        sentences.append((tokens[len(tokens) - len(toks)][0], tokens[-1][1]))
    text = "".join(chars)
    ents = {m["id"]: (tokens[m["start"]][0], tokens[m["end"] - 1][1]) for m in raw["entity_mentions"]}
    mentions = []
    for ev in raw["event_mentions"]:
        fine = FINE.get(".".join(ev["event_type"].split(".")[:2]))
        if fine is None:
            continue
        trig = ev["trigger"]
        args: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for a in ev["arguments"]:
            if a["entity_id"] in ents:
                args[a["role"]].append(ents[a["entity_id"]])
        mentions.append(GoldMention(fine, (tokens[trig["start"]][0], tokens[trig["end"] - 1][1]),
                                    int(trig["sent_idx"]), dict(args)))
    return GoldDoc(str(raw["doc_id"]), text, sentences, mentions)


def _aligner(src: str, dst: str) -> Any:
    """A function mapping a character offset of ``src`` to one of ``dst`` (identity when equal)."""
    if src == dst:
        return lambda i: i
    blocks = difflib.SequenceMatcher(None, src, dst, autojunk=False).get_matching_blocks()

    def move(i: int) -> int:
        for a, b, size in blocks:
            if a <= i < a + size or (size == 0 and i >= a):
                return b + (i - a)
            if i < a:
                return b
        return len(dst)
    return move


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(sentences):
        if pos < e or i == len(sentences) - 1:
            return i if pos >= s or i == 0 else i - 1
    return len(sentences) - 1


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _spans(e: Event) -> list[tuple[int, int]]:
    """The event's trigger (its evidence when it has none) and its later mentions."""
    t = e.trigger or e.evidence
    return [(t.start, t.end), *((m.start, m.end) for m in e.mentions)]


def evaluate(path: Path, *, limit: int | None = None, settings: Settings | None = None,
             split: str | None = None, sample: int | None = None, case: str | None = None) -> dict[str, Any]:
    """Score event detection, actors, targets and places on WikiEvents (see the module docstring)."""
    from ..pipeline import default_pipeline

    settings = settings or Settings()
    docs = splits.pick("wikievents", read_docs(Path(path)), split, key=lambda d: d.id, sample_size=sample)
    if limit:
        docs = docs[:limit]
    if not docs:
        raise EvalError(f"no WikiEvents articles in {path}")
    if case is not None:  # one character for one: the gold offsets hold
        docs = [dataclasses.replace(d, text=recase(d.text, case)) for d in docs]
    articles = [Article.make(d.text, origin=d.id) for d in docs]
    outs = list(default_pipeline(settings).pipe(articles, on_error="record"))

    sent_tp: Counter[str] = Counter()
    sent_fp: Counter[str] = Counter()
    sent_fn: Counter[str] = Counter()
    fine_found: Counter[str] = Counter()
    fine_total: Counter[str] = Counter()
    trig_tp_pred = trig_pred = trig_found = trig_gold = 0
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    n_events = failures = 0
    for gd, out in zip(docs, outs, strict=True):
        if not isinstance(out, Document):
            failures += 1
            out = Document(id=gd.id, text=gd.text)
        to_gold = _aligner(out.text, gd.text)
        preds = []  # one row per mention of an event: its trigger and the later mentions joined to it
        for e in out.events:
            cls = event_class(e)
            if cls is None:
                continue
            n_events += 1
            for s, t in _spans(e):
                span = (to_gold(s), max(to_gold(s) + 1, to_gold(t)))
                preds.append((e, cls, span, _sentence_of(gd.sentences, span[0])))

        gold_sents: dict[str, set[int]] = defaultdict(set)
        for m in gd.mentions:
            gold_sents[COARSE[m.fine]].add(m.sentence)
        pred_sents: dict[str, set[int]] = defaultdict(set)
        for _e, cls, _sp, si in preds:
            pred_sents[cls].add(si)
        for cls in ("violence", "arrest", "demonstration"):
            g, p = gold_sents[cls], pred_sents[cls]
            sent_tp[cls] += len(g & p)
            sent_fp[cls] += len(p - g)
            sent_fn[cls] += len(g - p)
        all_g = set().union(*gold_sents.values()) if gold_sents else set()
        all_p = set().union(*pred_sents.values()) if pred_sents else set()
        sent_tp["all"] += len(all_g & all_p)
        sent_fp["all"] += len(all_p - all_g)
        sent_fn["all"] += len(all_g - all_p)
        for m in gd.mentions:
            fine_total[m.fine] += 1
            fine_found[m.fine] += m.sentence in pred_sents[COARSE[m.fine]]

        right_events = {id(e) for e, cls, span, _si in preds
                        if any(COARSE[m.fine] == cls and _overlap(span, m.trigger) for m in gd.mentions)}
        trig_pred += len({id(e) for e, *_ in preds})
        trig_tp_pred += len(right_events)
        to_doc = _aligner(gd.text, out.text)
        for m in gd.mentions:
            trig_gold += 1
            cls = COARSE[m.fine]
            same = [p for p in preds if p[1] == cls and _overlap(p[2], m.trigger)]
            trig_found += bool(same)
            if not same:
                near = [p for p in preds if p[1] == cls and p[3] == m.sentence]
                same = sorted(near, key=lambda p: abs(p[2][0] - m.trigger[0]))[:1]
            if not same:
                continue
            ev = same[0][0]
            _score_args(m, ev, out, to_doc, right, total)

    def rate(k: str) -> float | None:
        return round(right[k] / total[k], 4) if total[k] else None

    res: dict[str, Any] = {"n": len(docs), "split": splits.check_split(split), "failures": failures}
    for cls in ("all", "violence", "arrest", "demonstration"):
        p, r, f = prf(sent_tp[cls], sent_fp[cls], sent_fn[cls])
        res[f"sentence_{cls}_precision"], res[f"sentence_{cls}_recall"], res[f"sentence_{cls}_f1"] = (
            round(p, 4), round(r, 4), round(f, 4))
    for fine in ("attack", "death", "injury", "arrest", "demonstration"):
        res[f"sentence_recall_{fine}"] = round(fine_found[fine] / fine_total[fine], 4) if fine_total[fine] else None
    tp = trig_tp_pred / trig_pred if trig_pred else 0.0
    tr = trig_found / trig_gold if trig_gold else 0.0
    res["trigger_precision"], res["trigger_recall"] = round(tp, 4), round(tr, 4)
    res["trigger_f1"] = round(2 * tp * tr / (tp + tr), 4) if tp + tr else 0.0
    res["actor_accuracy"], res["target_accuracy"], res["place_accuracy"] = (
        rate("actor"), rate("target"), rate("place"))
    res["matched_with_actor"], res["matched_with_target"], res["matched_with_place"] = (
        total["actor"], total["target"], total["place"])
    res["events_per_article"] = round(n_events / len(docs), 2)
    res["gold_per_article"] = round(sum(len(d.mentions) for d in docs) / len(docs), 2)
    return res


def _score_args(m: GoldMention, ev: Event, doc: Document, to_doc: Any,
                right: Counter[str], total: Counter[str]) -> None:
    def spans_of(roles: set[str]) -> list[tuple[int, int]]:
        return [(to_doc(s), max(to_doc(s) + 1, to_doc(e))) for r in roles for s, e in m.args.get(r, [])]

    actors = {a.id: a for a in doc.actors}

    def hits(ids: list[str], gold: list[tuple[int, int]]) -> bool:
        return any(_overlap((mm.start, mm.end), g) for i in ids if i in actors for mm in actors[i].mentions
                   for g in gold)

    gold_actor = spans_of(ACTOR_ROLES)
    if gold_actor:
        total["actor"] += 1
        right["actor"] += hits(ev.actors, gold_actor)
    gold_target = spans_of(TARGET_ROLES)
    if gold_target:
        total["target"] += 1
        right["target"] += hits(ev.recipients, gold_target)
    gold_place = spans_of({"Place"})
    if gold_place:
        total["place"] += 1
        place = next((p for p in doc.places if p.id == ev.place), None)
        if place is not None and place.kind == "seat":  # a region's seat: the event is at that region mention
            place = next((p for p in doc.places if p.kind != "seat" and (p.start, p.end) == (place.start, place.end)),
                         place)
        same = [p for p in doc.places if place is not None and (
            p.id == place.id or (p.geonameid is not None and p.geonameid == place.geonameid)
            or (p.lat is not None and p.lat == place.lat and p.lon == place.lon))]
        right["place"] += any(_overlap((p.start, p.end), g) for p in same for g in gold_place)
