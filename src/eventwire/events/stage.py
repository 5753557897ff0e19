"""The events stage: triggers -> typed events with roles, place, date, modality, attribution, evidence."""

from __future__ import annotations

import importlib
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

from ..actors import load_dictionary
from ..actors.dictionary import DICTIONARY_FILES
from ..model import Document, Event, EventDate, content_id
from ..nlp import doc_text, per_doc
from ..pipeline import Stage, Work
from ..spans import actor_for_span, inside
from ..timex.eventdate import can_date, names_a_thing
from ..timex.tense import verb_direction, verb_of
from .acled import AcledContext, acled_code
from .acled_actors import crowd_actor, forces_for_countries, localize, perpetrators
from .attribution import SPEECH_VERBS, attribution_for, speaker_token
from .causes import Hazards, load_hazards, natural_cause
from .coref import fold_same_sentence, merge_mentions
from .lexicon import Lexicon, load_lexicon
from .modality import modality_of
from .nesting import fold_nested
from .primary import primary_event
from .quantities import fatalities_in, quantities_for
from .roles import HARMED, MEANS_PREPS, PRONOUNS, Roles, instrument, phrase_span, resolve, resolve_roles, roles_for
from .triggers import Trigger, find_triggers

log = logging.getLogger(__name__)

PlaceFn = Callable[[Document, Any, int, int], Any]
DateFn = Callable[[Document, Any, int, int], Any]
#: Nominals that stand for the speaker's side in reported speech ("the country did not profit").
SELF_NOUNS = {"country", "government", "ministry", "department", "army", "military", "group", "organization",
              "organisation", "movement", "administration", "forces", "coalition"}
MAX_CONTEXTS = 3


def optional_function(module: str, name: str) -> Callable[..., Any] | None:
    """A function another stage may provide, or None while it has not landed."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _actor_index(doc: Document) -> dict[str, Any]:
    return {a.id: a for a in doc.actors}


def _first_in(items: list[Any], start: int, end: int) -> Any | None:
    return next((x for x in items if inside(x.start, x.end, start, end)), None)


#: Acts of words and decisions (statements, demands, accusations, sanctions, talks, aid): placed only where the
#: text says where they were made, never at the sentence's other places or the article's focus.
STATED_PLACE_ONLY = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE", "SANCTION",
                               "COOPERATE", "CONSULT", "AID"})


def fallback_place(doc: Document, trigger: Any, sent: Any, *, clause_only: bool = False) -> str | None:
    """The first resolved place in the trigger's clause, else (unless ``clause_only``) in its sentence."""
    resolved = [p for p in doc.places if p.lat is not None]
    head = trigger if trigger.pos_ == "VERB" else trigger.head
    clause = (head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text))
    for span in (clause, *(() if clause_only else ((sent.start_char, sent.end_char),))):
        p = _first_in(resolved, *span)
        if p is not None:
            return p.id
    return None


def _after_publication(value: str, published: str | None) -> bool:
    if not published:
        return False
    return value[:4].isdigit() and value > published[: len(value)]


def fallback_date(doc: Document, sent: Any, *, past: bool = False) -> EventDate:
    """The first date in the sentence that is not a year naming a thing ("the 2021 election results"); else the
    last date before it (inferred); else the publication date. An event told in the past tense (``past``)
    borrows no date after the publication date from an earlier sentence ("was due to stand down in August.
    ... Thousands were killed in the war": the war did not happen in August)."""
    dates = [t for t in doc.times if can_date(doc.text, t)]
    t = _first_in([t for t in dates if not _year_of_a_thing(sent, t)], sent.start_char, sent.end_char)
    if t is not None:
        return EventDate(value=t.value, precision=t.precision, time=t.id, inferred=False)
    before = [t for t in dates if t.end <= sent.start_char and t.value[:1].isdigit()
              and not (past and _after_publication(t.value, doc.published))]
    if before:
        t = before[-1]
        return EventDate(value=t.value, precision=t.precision, time=t.id, inferred=True)
    return EventDate(value=doc.published, precision="day" if doc.published else None, time=None, inferred=True)


def _year_of_a_thing(sent: Any, t: Any) -> bool:
    """A bare year that qualifies a noun ("the 2021 election", "2021 budget"): the thing's date."""
    if t.precision != "year" or not (sent.start_char <= t.start < sent.end_char):
        return False
    span = sent.doc.char_span(t.start, t.end, alignment_mode="expand")
    return span is not None and names_a_thing(span.root)


def following_text(sent: Any, n: int = 2) -> str:
    """The text of the ``n`` sentences after ``sent`` within its paragraph."""
    return " ".join(x.text for x in next_sentences(sent, n))


def _sentences(doc: Any) -> tuple[list[Any], list[int]]:
    """The document's sentences and their start tokens, built once (``Token.sent`` scans on every call)."""
    def make(d: Any) -> tuple[list[Any], list[int]]:
        sents = list(d.sents)
        return sents, [x.start for x in sents]

    return per_doc(doc, "sentences", make)


def _sentence_start(tok: Any) -> int:
    """The first token of the sentence holding ``tok``."""
    starts = _sentences(tok.doc)[1]
    return starts[bisect_right(starts, tok.i) - 1]


def next_sentences(sent: Any, n: int = 2) -> list[Any]:
    """The ``n`` sentences after ``sent`` within its paragraph."""
    text = doc_text(sent.doc)
    sents, starts = _sentences(sent.doc)
    stop = text.find("\n\n", sent.end_char)
    stop = len(text) if stop < 0 else stop
    k = bisect_left(starts, sent.end)
    return [x for x in sents[k : k + n] if x.start_char < stop][:n] if k < len(sents) else []


def _self_reference(tokens: list[Any]) -> bool:
    return any(t.lower_ in PRONOUNS or (t.lemma_.lower() in SELF_NOUNS and any(
        c.lower_ in ("the", "our", "its") for c in t.children)) for t in tokens)


class EventExtractor:
    """Finds and codes the events of one document (the stage's work, usable on its own)."""

    def __init__(self, lexicon: Lexicon, place_fn: PlaceFn | None = None, date_fn: DateFn | None = None,
                 dictionary: Any = None, hazards: Hazards | None = None,
                 location_fn: Callable[[Document, str | None], str | None] | None = None) -> None:
        self.lex = lexicon
        self.place_fn = place_fn
        self.location_fn = location_fn  # where an event at a place is coded (a region's seat)
        self.date_fn = date_fn
        self._dictionary = dictionary
        self.hazards = hazards or load_hazards()
        self._agents: set[int] = set()  # per document: trigger tokens that name people (see extract)

    @property
    def dictionary(self) -> Any:
        if self._dictionary is None:
            self._dictionary = load_dictionary()
        return self._dictionary

    # -- pieces ---------------------------------------------------------------------------------------
    def _place(self, doc: Document, sdoc: Any, trig: Trigger) -> str | None:
        stated = trig.entry.type in STATED_PLACE_ONLY
        if self.place_fn is not None:
            try:
                found = self.place_fn(doc, sdoc, trig.start, trig.end, **({"stated": True} if stated else {}))
                if found is not None or stated:
                    return found
            except Exception as e:  # noqa: BLE001 - a helper's failure must not lose the event
                log.debug("event_place failed: %s", e)
        return fallback_place(doc, trig.token, trig.token.sent, clause_only=stated)

    def _date(self, doc: Document, sdoc: Any, trig: Trigger) -> EventDate:
        if self.date_fn is not None:
            try:
                d = self.date_fn(doc, sdoc, trig.start, trig.end)
                if isinstance(d, EventDate) and (not d.inferred or d.time is not None):
                    return d
            except Exception as e:  # noqa: BLE001
                log.debug("event_date failed: %s", e)
        # the helper found no date expression for the event: the sentence's or the narrative's last one
        verb = verb_of(trig.token)
        past = verb.pos_ in ("VERB", "AUX") and verb_direction(verb) == -1
        return fallback_date(doc, trig.token.sent, past=past)

    def _contexts(self, trig: Trigger) -> list[str]:
        out = list(trig.entry.context)
        for name in self._sentence_contexts(trig.token):
            if len(out) >= MAX_CONTEXTS:
                break
            if name not in out:
                out.append(name)
        return out

    def _sentence_contexts(self, tok: Any) -> tuple[str, ...]:
        """The contexts (in the lexicon's order) whose pattern the sentence of ``tok`` holds, searched once
        per sentence however many triggers it has."""
        found = per_doc(tok.doc, "contexts", lambda d: {})
        sents, starts = _sentences(tok.doc)
        k = bisect_right(starts, tok.i) - 1
        if k not in found:
            sent = sents[k]
            text = doc_text(tok.doc)[sent.start_char:sent.end_char]
            found[k] = tuple(name for name, rx in self.lex.contexts.items() if rx.search(text))
        return found[k]

    def _phrases(self, tokens: list[Any]) -> str:
        """The arguments' whole phrases ("a group of 10 youths"), for the ACLED cues."""
        out = []
        for t in tokens:
            start = min(phrase_span(t)[0], t.left_edge.idx)
            end = t.right_edge.idx + len(t.right_edge.text)
            for c in t.children:  # not the clause hanging on it ("a crowd that had stoned the police")
                if c.dep_ in ("relcl", "acl", "appos") and c.i > t.i:
                    end = min(end, c.left_edge.idx)
            if t.like_num:  # a bare number whose noun the parser lost ("killed 3 [IS militants]")
                nxt = [x for x in t.doc[t.i + 1: t.i + 4] if x.pos_ in ("NOUN", "PROPN", "ADJ", "AUX", "NUM")]
                if nxt:
                    end = max(end, nxt[-1].idx + len(nxt[-1].text))
            out.append(doc_text(t.doc)[start:min(end, start + 80)])
        return " ; ".join(out)

    def _sentence_actor(self, doc: Document, sent: Any, inters: set[int]) -> str | None:
        """The first actor of the given ACLED actor types mentioned in the sentence (protesters, rioters)."""
        for a in doc.actors:
            if a.inter in inters and any(sent.start_char <= m.start < sent.end_char for m in a.mentions):
                return a.id
        return None

    # -- one trigger ----------------------------------------------------------------------------------
    def event_for(self, doc: Document, sdoc: Any, trig: Trigger, fatal: int | None) -> Event:
        tok, entry = trig.token, trig.entry
        kind = entry.type
        roles: Roles = resolve_roles(doc, roles_for(tok, kind), tok)
        modality = modality_of(tok)
        attribution = attribution_for(doc, tok, trig.start, trig.end)
        actors = _actor_index(doc)
        if not roles.actor_ids and attribution and attribution.speaker and _self_reference(roles.actor_tokens):
            sp = actors.get(attribution.speaker)
            roles.actor_ids.append(sp.affiliation if sp is not None and sp.affiliation else attribution.speaker)
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in {t.i for t in roles.recipient_tokens}:
            self_actor = resolve(doc, tok)  # agent nouns: "protesters", "rioters", "gunmen" act themselves
            if self_actor and self_actor not in roles.actor_ids and self_actor not in roles.recipient_ids:
                roles.actor_ids.insert(0, self_actor)
        if kind == "PROTEST" and not roles.actor_ids:
            crowd = self._sentence_actor(doc, tok.sent, inters={5, 6})
            if crowd:
                roles.actor_ids.append(crowd)
        if kind in ("MOBILIZE", "RETREAT") and not roles.actor_ids and roles.recipient_ids:
            # "troops were deployed", "soldiers stationed": the forces moved are the side acting
            roles.actor_ids, roles.recipient_ids = roles.recipient_ids[:1], roles.recipient_ids[1:]
        sent = tok.sent
        inter1 = next((actors[a].inter for a in roles.actor_ids if a in actors and actors[a].inter), None)
        inter2 = next((actors[a].inter for a in roles.recipient_ids if a in actors and actors[a].inter), None)
        acled = None
        if modality == "actual":
            acled = acled_code(self.lex, AcledContext(
                hint=entry.acled, plover_type=kind, sentence=sent.text,
                recipient_text=self._phrases(roles.recipient_tokens), actor_text=self._phrases(roles.actor_tokens),
                inter1=inter1, inter2=inter2, following=following_text(sent), fatalities=fatal,
                after=sent.text[tok.idx + len(tok.text) - sent.start_char:],
            ))
        violent = kind == "ASSAULT" or (
            acled is not None and acled.event_type not in ("Protests", "Strategic developments"))
        place = self._place(doc, sdoc, trig)
        confidence = (entry.confidence + 0.15 * bool(roles.actor_ids) + 0.1 * bool(roles.recipient_ids)
                      + 0.05 * bool(place) + salience(tok))
        ev = Event(
            id=content_id(doc.id, str(trig.start), kind),
            type=kind,
            mode=entry.mode,
            context=self._contexts(trig),
            acled=acled,
            modality=modality,
            actors=roles.actor_ids,
            recipients=roles.recipient_ids,
            place=place,
            date=self._date(doc, sdoc, trig),
            quantities=quantities_for(roles.actor_tokens + roles.recipient_tokens),
            fatalities=fatal if violent and modality == "actual" else None,
            attribution=attribution,
            evidence=doc.span(sent.start_char, sent.end_char),
            confidence=round(min(confidence, 0.95), 3),
            trigger=doc.span(trig.start, trig.end),
        )
        if actor_for_span(doc, trig.start, trig.end) is not None:
            self._agents.add(tok.i)  # the trigger names people ("the demonstrators"), before the crowd is added
        crowd_actor(doc, ev, tok, roles.actor_tokens, roles.recipient_tokens)
        return ev

    # -- denials ------------------------------------------------------------------------------------
    def denials(self, doc: Document, sent: Any, taken: set[int]) -> list[tuple[Event, Any]]:
        """Events of reported speech itself: a reported negation is a denial (REJECT: "X said it did not carry
        out the attack"), a reported obligation a demand (REQUEST: "X said Y must withdraw")."""
        out: list[tuple[Event, Any]] = []
        for verb in sent:
            if verb.lemma_.lower() not in SPEECH_VERBS or verb.i in taken:
                continue
            for comp in verb.children:
                if comp.dep_ != "ccomp" or comp.i in taken:
                    continue
                if any(c.dep_ == "neg" for c in comp.children):
                    kind, mode = "REJECT", "deny"
                elif any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in comp.children):
                    kind, mode = "REQUEST", None  # "X said Y must withdraw": a demand on Y
                else:
                    continue
                sp = speaker_token(verb)
                actor_ids = [a for a in [resolve(doc, sp)] if a] if sp is not None else []
                targets = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")] if kind == "REQUEST" else []
                recipient_ids = [a for a in (resolve(doc, t) for t in targets) if a and a not in actor_ids]
                span = doc.span(comp.idx, comp.idx + len(comp.text))
                attribution = attribution_for(doc, comp, span.start, span.end)
                ev = Event(
                    id=content_id(doc.id, str(span.start), kind), type=kind, mode=mode,
                    modality="actual", actors=actor_ids, recipients=recipient_ids,
                    date=fallback_date(doc, sent) if self.date_fn is None else self._date_for_span(doc, sent, span),
                    attribution=attribution, evidence=doc.span(sent.start_char, sent.end_char),
                    confidence=0.5 + 0.15 * bool(actor_ids), trigger=span,
                )
                out.append((ev, comp))
        return out

    def _date_for_span(self, doc: Document, sent: Any, span: Any) -> EventDate:
        try:
            d = self.date_fn(doc, sent.doc, span.start, span.end) if self.date_fn else None
        except Exception:  # noqa: BLE001
            d = None
        return d if isinstance(d, EventDate) else fallback_date(doc, sent)

    def _accidental(self, trig: Trigger) -> bool:
        """Violence or destruction caused by a hazard ("a fire killed five"): no political event."""
        if trig.entry.type != "ASSAULT" and trig.entry.acled != "loot":
            return False
        return natural_cause(trig.token, self.hazards) is not None

    # -- the document -------------------------------------------------------------------------------
    def extract(self, doc: Document, sdoc: Any) -> list[Event]:
        """All events of a parsed document, in text order, with ACCUSE/REJECT linked to what they concern."""
        events: list[tuple[Event, Any]] = []
        self._agents = set()
        for sent in sdoc.sents:
            triggers = [t for t in find_triggers(sent, self.lex) if not self._accidental(t)]
            fatal = fatalities_in(sent)
            if fatal is None:  # "... attacked the village. Two men died." counts for the attack
                fatal = next((f for f in (fatalities_in(x) for x in next_sentences(sent)) if f is not None), None)
            for trig in outcome_words_folded(triggers):
                events.append((self.event_for(doc, sdoc, trig, fatal), trig.token))
            taken = {t.token.i for t in triggers if t.entry.type in ("REJECT", "REQUEST")}
            events.extend(self.denials(doc, sent, taken))
        events = fold_consequences(events)
        link_about(events)
        share_complement_recipients(events)
        events.sort(key=lambda et: (et[0].trigger.start if et[0].trigger else et[0].evidence.start))
        events = fold_nested(doc, events, self._agents)
        events = fold_same_sentence(doc, events, _sentence_start)
        events = merge_mentions(doc, events, agents=self._agents)
        places_are_not_actors(doc, [e for e, _ in events])
        perpetrators(doc, sdoc, events)
        out = [e for e, _ in events]
        if self.location_fn is not None:
            for e in out:
                e.place = self.location_fn(doc, e.place)
        localize(doc, out, self.dictionary)
        forces_for_countries(doc, out, self.dictionary)
        return out


def salience(tok: Any) -> float:
    """How central a trigger is to its sentence: the main verb or its complement gains, a trigger inside a
    relative or adverbial clause or a noun modifier loses."""
    if tok.dep_ == "ROOT" or (tok.head.dep_ == "ROOT" and tok.dep_ in ("xcomp", "ccomp", "dobj", "conj")):
        return 0.1
    if any(a.dep_ in ("relcl", "advcl", "acl", "amod") for a in [tok, *tok.ancestors]):
        return -0.1
    return 0.0


def outcome_words_folded(triggers: list[Trigger]) -> list[Trigger]:
    """Drop outcome words ("dead", "wounded", "casualties") where the sentence names the violent act itself
    ("shot dead", "killed in an airstrike"): the act's event carries the toll."""
    acts = [t for t in triggers if t.entry.type == "ASSAULT" and t.entry.acled != "casualty"]
    if not acts:
        return triggers
    return [t for t in triggers if t.entry.acled != "casualty"]


def places_are_not_actors(doc: Document, events: list[Event]) -> None:
    """A town the tagger took for an organisation or person but the geoparser resolved ("attacked Goma", "an
    attack on Kharkiv") is where an attack happens, not its target: it leaves the recipients of violence."""
    spans = {(p.start, p.end) for p in doc.places if p.lat is not None and (p.feature_code or "").startswith("PPL")}
    towns = {a.id for a in doc.actors
             if a.source == "ner" and not a.kind and a.mentions and all((m.start, m.end) in spans for m in a.mentions)}
    if not towns:
        return
    for ev in events:
        if ev.type in ("ASSAULT", "COERCE"):
            ev.recipients = [r for r in ev.recipients if r not in towns]


#: Verbs of harm that, as a participle on a violent act, name its toll, not another event.
CONSEQUENCES = frozenset({"kill", "wound", "injure", "maim", "hurt", "leave"})
#: Verbs whose subject, a weapon or an attack, is the act itself ("an airstrike hit", "a bomb killed").
STRIKING = frozenset({"hit", "strike", "kill", "wound", "injure", "maim", "target", "destroy", "damage", "land",
                      "explode", "detonate", "rock", "tear", "claim", "leave", "slam", "pound", "level"})
#: Verbs of destruction whose subject, a weapon or an attack, makes them the attack's damage, not an act of its own.
RUINING = frozenset({"destroy", "damage", "level", "raze", "demolish"})
#: Verbs that deliver the weapon they describe ("shells fired by the rebels", "a bomb planted by").
DELIVERING = frozenset({"fire", "launch", "drop", "plant", "detonate", "throw", "lob", "hurl", "carry", "conduct",
                        "trigger", "set", "place", "shoot"})


def fold_consequences(events: list[tuple[Event, Any]]) -> list[tuple[Event, Any]]:
    """One event for an act and its toll: "rebels attacked Goma, killing five", "shells struck a camp,
    killing five", "an airstrike hit the market, wounding 20" -- the participle is the attack's outcome.
    Its victims and fatalities go to the act's event, and it is dropped."""
    by_token = {tok.i: ev for ev, tok in events}
    dropped: set[int] = set()
    for ev, tok in events:
        if (ev.type != "ASSAULT" or tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "xcomp", "conj")
                or tok.lemma_.lower() not in CONSEQUENCES):
            continue
        head = tok.head
        # the act: the verb the participle hangs on, or a trigger in its subject or object phrase
        # ("shells fired by the rebels struck a camp, killing five")
        cands = [head, *(t for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") for t in c.subtree)]
        act = next((by_token[c.i] for c in cands if c.i in by_token and c.i != tok.i
                    and by_token[c.i].type == "ASSAULT" and id(by_token[c.i]) not in dropped), None)
        if act is None:
            continue
        _absorb(act, ev)
        dropped.add(id(ev))
    # a weapon or attack noun and the verb it is the subject of, or that describes it: "an airstrike hit the
    # market", "shells fired by the rebels" -- one act
    for ev, tok in events:
        lemma = tok.lemma_.lower()
        ruin = ev.type == "COERCE" and lemma in RUINING  # "a strike destroyed the depot": the strike's damage
        if (ev.type != "ASSAULT" and not ruin) or id(ev) in dropped or tok.pos_ != "VERB":
            continue
        nouns = [c for c in tok.children if c.dep_ == "nsubj"] if lemma in STRIKING else []
        if lemma in STRIKING and not nouns and tok.dep_ == "conj":
            # "two strikes struck a unit and destroyed a mortar position": the shared subject is the act
            nouns = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if tok.dep_ == "acl" and lemma in DELIVERING:
            nouns.append(tok.head)
        noun = next((by_token[n.i] for n in nouns if n.i in by_token and by_token[n.i] is not ev
                     and by_token[n.i].type == "ASSAULT" and id(by_token[n.i]) not in dropped), None)
        if noun is None:
            continue
        _absorb(noun, ev)  # the noun names the weapon or the kind of attack (ACLED's sub-type follows it)
        dropped.add(id(ev))
    # a harm and the act or weapon its means phrase names: "were killed in police firing", "died in army
    # shelling", "injured by gunfire" -- one act, the noun's (it names the kind of attack)
    for ev, tok in events:
        if (ev.type != "ASSAULT" or id(ev) in dropped or tok.pos_ != "VERB"
                or tok.lemma_.lower() not in HARMED):
            continue
        means = [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in MEANS_PREPS
                 for p in c.children if p.dep_ == "pobj"]
        means += [tok.doc[p.i + 1] for p in list(means) if p.i + 1 < len(tok.doc) and tok.doc[p.i + 1].tag_ == "VBG"]
        means = [m for m in means if instrument(m)]  # not "killed during clashes with X": either side died
        noun = next((by_token[m.i] for m in means if m.i in by_token and by_token[m.i] is not ev
                     and by_token[m.i].type == "ASSAULT" and id(by_token[m.i]) not in dropped), None)
        if noun is None:
            continue
        _absorb(noun, ev)
        if ev.trigger is not None:  # the harm verb is a mention of the act ("killed", "died")
            noun.mentions.append(ev.trigger)
        dropped.add(id(ev))
    # a weapon named as an argument of another act, or as a thing handed over, is not an act of its own:
    # "a bombardment used drones and missiles to strike cities" (one act), "sent missiles to Ukraine" (aid)
    for ev, tok in events:
        lemma = tok.lemma_.lower()
        if (ev.type != "ASSAULT" or id(ev) in dropped or tok.pos_ not in ("NOUN", "PROPN")
                or lemma not in WEAPON_NOUNS or tok.dep_ in ("nsubj", "nsubjpass")):
            continue
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.lemma_.lower() in HANDING_OVER and any(
                o.i == tok.i or tok in o.subtree for o in verb.children if o.dep_ in ("dobj", "obj")):
            dropped.add(id(ev))
            continue
        set_off = verb is not None and verb.lemma_.lower() in DELIVERING and any(
            e.type == "ASSAULT" and id(e) not in dropped and t.i == verb.i for e, t in events) and any(
            o.i == tok.i or tok in o.subtree for o in verb.children if o.dep_ in ("dobj", "obj"))
        if (lemma in LAID_WEAPONS and not set_off) or (tok.head.lower_ == "by" and tok.head.dep_ == "agent"):
            continue  # the act itself: "their vehicle hit an IED", "killed by a rocket"; not "detonated a bomb"
        sent = _sentence_start(tok)
        acts = [(e, t) for e, t in events if e is not ev and e.type == "ASSAULT" and id(e) not in dropped
                and _sentence_start(t) == sent and not (t.pos_ in ("NOUN", "PROPN")
                                                         and t.lemma_.lower() in WEAPON_NOUNS)]
        if not acts:
            continue
        ancestors = {a.i for a in tok.ancestors}
        act = min(acts, key=lambda et: (et[1].i not in ancestors, abs(et[1].i - tok.i)))[0]
        _absorb(act, ev)
        dropped.add(id(ev))
    return [(ev, tok) for ev, tok in events if id(ev) not in dropped]


#: Weapons that the lexicon reads as attacks when nothing else in the sentence is one ("a rocket landed").
WEAPON_NOUNS = frozenset({"shell", "mortar", "rocket", "missile", "artillery", "projectile", "ied", "landmine",
                          "mine", "grenade", "bomb", "drone"})
#: Weapons laid or planted, whose blast is the act however the sentence puts it ("a car hit a mine").
LAID_WEAPONS = frozenset({"ied", "landmine", "mine", "bomb"})
#: Verbs whose object is a weapon handed over, made or held, not fired.
HANDING_OVER = frozenset({"deliver", "send", "supply", "provide", "sell", "buy", "purchase", "acquire", "ship",
                          "give", "donate", "produce", "manufacture", "develop", "stockpile", "possess", "export",
                          "import", "transfer", "procure"})


def _absorb(keep: Event, other: Event) -> None:
    """Give ``keep`` the actors, victims, toll and quantities of ``other``, the same act."""
    keep.actors += [a for a in other.actors if a not in keep.actors and a not in keep.recipients]
    keep.recipients += [r for r in other.recipients if r not in keep.recipients and r not in keep.actors]
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    keep.quantities += [q for q in other.quantities if q not in keep.quantities]
    keep.confidence = max(keep.confidence, other.confidence)


def share_complement_recipients(events: list[tuple[Event, Any]]) -> None:
    """An event whose complement is another event ("agreed to provide aid to X", "offered to hand over to X")
    takes that event's recipients when it has none of its own."""
    by_token = {tok.i: ev for ev, tok in events}
    for ev, tok in events:
        if ev.recipients:
            continue
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp") and c.i in by_token and by_token[c.i] is not ev:
                inner = by_token[c.i]
                ev.recipients = [r for r in inner.recipients if r not in ev.actors]
                if ev.recipients:
                    break


def link_about(events: list[tuple[Event, Any]]) -> None:
    """Set ``about`` of ACCUSE/REJECT events to the event their complement names."""
    by_token = {tok.i: ev for ev, tok in events}
    for ev, tok in events:
        if ev.type not in ("ACCUSE", "REJECT") or ev.about:
            continue
        skip = {t.i for c in tok.children if c.dep_ in ("conj", "cc") for t in c.subtree}
        for t in tok.subtree:
            if t.i != tok.i and t.i not in skip and t.i in by_token and by_token[t.i] is not ev:
                ev.about = by_token[t.i].id
                break


class EventStage(Stage):
    """PLOVER/ACLED events with roles, place, date, modality, attribution and evidence (issue 6)."""

    name = "events.v7"  # bump on any change of behaviour (see pipeline.Stage.version)
    #: its own tables, the actor dictionary (ACLED conventions on actors), ACLED's regions (countries), and
    #: what the helpers it calls read: the event's place (geo), date (timex), attribution (quote cues, captions)
    data_files = ("plover.yaml", "acled_types.yaml", "triggers.yaml", "hazards.yaml", "acled_regions.yaml",
                  *DICTIONARY_FILES, "regions.yaml", "admin_abbreviations.csv", "features.csv",
                  "gazetteer_overrides.csv", "timex.yaml", "speech_verbs.txt", "report_nouns.txt", "speech_nouns.txt",
                  "speech_adjectives.txt", "clean_rules.yaml")
    requires = ("parse", "actors", "places", "times", "quotes")
    assigns = ("events",)  # and the primary event; ACLED's conventions on the actors (events/acled_actors.py)

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.extractor = EventExtractor(
            load_lexicon(settings.data_dir),
            place_fn=optional_function("eventwire.geo", "event_place"),
            date_fn=optional_function("eventwire.timex", "event_date"),
            dictionary=load_dictionary(settings.data_dir),
            hazards=load_hazards(settings.data_dir),
            location_fn=self._location,
        )
        self._gaz: Any = None
        self._event_location = optional_function("eventwire.geo", "event_location")

    def _location(self, doc: Document, place_id: str | None) -> str | None:
        location = self._event_location
        if location is None or place_id is None:
            return place_id
        if self._gaz is None:
            from ..geo.gazetteer import ensure

            self._gaz = ensure(self.settings)
        return location(doc, place_id, self._gaz)

    def __call__(self, work: Work) -> None:
        if work.spacy is None:
            from ..errors import StageError

            raise StageError(self.name, "no parse: the nlp stage must run first")
        work.doc.events = self.extractor.extract(work.doc, work.spacy)
        work.doc.primary = primary_event(work.doc)
