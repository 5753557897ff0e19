"""ACLED coding: event_type and sub_event_type (6 / 25) and inter1/inter2 for events in ACLED's scope.

The trigger lexicon gives a hint (``attack``, ``clash``, ``protest`` ...); the sentence's cues
(data/acled_types.yaml: weapons, victims, riot and intervention words) and the actors' ACLED
``inter`` codes decide the sub-type. Only actual events are coded: ACLED leaves announced,
hypothetical and denied events out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import AcledCode
from .lexicon import Lexicon

VIOLENT_HINTS = {"attack", "clash", "casualty", "air", "shell", "ied", "grenade", "suicide", "explosion"}
WEAPON_HINTS = {"air": "Air/drone strike", "shell": "Shelling/artillery/missile attack",
                "ied": "Remote explosive/landmine/IED", "grenade": "Grenade", "suicide": "Suicide bomb"}
STATE, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)
ARMED = {STATE, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA, EXTERNAL}
NONSTATE_ARMED = {REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA}


@dataclass
class AcledContext:
    """What the coder needs about one event besides its trigger."""

    hint: str | None
    plover_type: str
    sentence: str
    recipient_text: str = ""  # the recipients' phrases, for victim cues when actors lack inter codes
    actor_text: str = ""
    inter1: int | None = None
    inter2: int | None = None
    following: str = ""  # the next sentences: where notes tell how police answered a protest
    fatalities: int | None = None
    after: str = ""  # the sentence after the trigger, where the parser lost the trigger's object


def _cue(lex: Lexicon, name: str, text: str) -> bool:
    rx = lex.cues.get(name)
    return bool(rx and rx.search(text))


def weapon(lex: Lexicon, text: str) -> str | None:
    """The Explosions/Remote violence sub-type that the sentence's weapon words point to."""
    for sub, rx in lex.weapons:
        if rx.search(text):
            return sub
    return None


def _same_crowd(following: str) -> str:
    """The following sentences that go on about the same crowd ("They threw stones ...")."""
    parts = re.split(r"(?<=[.!?])\s+", following)
    return " ".join(p for p in parts if re.match(
        r"((when|after|as|then|later|and|but)\s+)?"  # "When they started to storm the house, ..."
        r"(they|the (protesters|protestors|demonstrators|crowd|rioters|youths|residents|workers|students|group)|"
        r"protesters|demonstrators|some (protesters|demonstrators))\b", p, re.I))


def _after_clause(after: str) -> str:
    """The start of what follows a trigger, up to the clause's end ("on a civilian in Taizz")"""
    if re.match(r"\s*(in|near|during|from|by|outside|inside|around|across|between|along|within|into|over)\b",
                after, re.I):
        return ""  # a place or an agent follows, not the one acted upon
    return re.split(r"[,.;:(]|\b(?:after|when|while|because|as|who|which|that|by|during|in|near|from)\b", after,
                    maxsplit=1)[0][:80]


def victim_text(ctx: AcledContext) -> str:
    return ctx.recipient_text


def _clash(lex: Lexicon, ctx: AcledContext) -> tuple[str, str]:
    """A fight between armed sides is a battle; one between crowds of people with no armed side (supporters,
    groups of locals) is mob violence, and so is a crowd's fight with the police or troops ("migrant workers
    clashed with police"): a crowd is no armed, organised side."""
    sides = ctx.actor_text + " ; " + ctx.recipient_text
    crowds = _cue(lex, "crowd", sides) or (not ctx.actor_text.strip() and _cue(lex, "crowd", ctx.sentence))
    armed = ctx.inter1 in ARMED or ctx.inter2 in ARMED or _cue(lex, "armed_victim", ctx.sentence) \
        or _cue(lex, "communal", ctx.sentence)
    if crowds and not armed:
        return "Riots", "Mob violence"
    if crowds and _crowd_against_state(lex, ctx):
        return "Riots", "Mob violence"
    return "Battles", "Armed clash"


def _crowd_against_state(lex: Lexicon, ctx: AcledContext) -> bool:
    """A crowd on one side and only state forces armed on the other: the crowd's side is not armed (no rebels,
    militias or armed men are named) and the one armed side named is the state's."""
    if ctx.inter1 in NONSTATE_ARMED or ctx.inter2 in NONSTATE_ARMED or _cue(lex, "communal", ctx.sentence) \
            or _cue(lex, "nonstate_armed", ctx.sentence):
        return False
    return _cue(lex, "state_actor", ctx.sentence) or ctx.inter1 == STATE or ctx.inter2 == STATE


def _violent(lex: Lexicon, ctx: AcledContext) -> tuple[str, str]:
    s = ctx.sentence
    if ctx.hint == "clash":
        return _clash(lex, ctx)
    crowd_actor = _cue(lex, "crowd", ctx.actor_text) and not _cue(lex, "armed_victim", ctx.actor_text)
    crowd_inter = ctx.inter1 in (None, RIOTERS, PROTESTERS, CIVILIANS) or (  # a party's or a group's followers
        _cue(lex, "followers", ctx.actor_text) and ctx.inter1 != STATE)
    if _cue(lex, "mob", ctx.actor_text) and ctx.hint in ("attack", "clash", "casualty"):
        return "Riots", "Mob violence"
    if crowd_actor and crowd_inter and ctx.hint in ("attack", "clash", "casualty"):
        if _cue(lex, "riot", s) and not _cue(lex, "mob", ctx.actor_text):
            return "Riots", "Violent demonstration"
        return "Riots", "Mob violence"
    if ctx.hint == "clash" and _cue(lex, "crowd", ctx.recipient_text) and _cue(lex, "riot", s):
        return "Riots", "Violent demonstration"
    if ctx.hint == "clash":
        return "Battles", "Armed clash"
    if _cue(lex, "sexual", s):
        return "Violence against civilians", "Sexual violence"
    if ctx.hint in ("explosion", "ied") and _cue(lex, "disrupted", s):
        return "Strategic developments", "Disrupted weapons use"
    if ctx.hint in ("explosion", "ied", "shell", "casualty") and _cue(lex, "remnant", s):
        return "Strategic developments", "Other"  # war remnants going off: no one used them
    sub = WEAPON_HINTS.get(ctx.hint or "") or weapon(lex, s)
    if ctx.hint == "explosion" and sub is None:  # explosions on a front line are shells, elsewhere devices
        # ... and so are explosions observers counted without telling the weapon: indirect fire
        front = re.search(r"\b(front ?-?lines?|positions|front)\b", s, re.I) or _cue(lex, "indirect", s)
        sub = "Shelling/artillery/missile attack" if front else "Remote explosive/landmine/IED"
    if sub in (None, "Shelling/artillery/missile attack", "Grenade") and _cue(lex, "small_arms", s) \
            and not _cue(lex, "civilian_victim", victim_text(ctx)):
        return "Battles", "Armed clash"
    if sub:
        return "Explosions/Remote violence", sub
    if _cue(lex, "protest_victim", s):
        return "Protests", "Excessive force against protesters"
    if _cue(lex, "mob", s):
        return "Riots", "Mob violence"
    victim = ctx.recipient_text
    cued = victim or _after_clause(ctx.after)  # the parser lost the object: the words after the verb
    explicit_civil = _cue(lex, "civilian_victim", cued) and not _cue(lex, "armed_victim", cued)
    if _cue(lex, "off_duty", s) and not _cue(lex, "bilateral", s):
        return "Violence against civilians", "Attack"
    if ctx.hint in ("attack", "casualty") and _cue(lex, "bilateral", s) and not _cue(lex, "crowd", ctx.actor_text) \
            and not (ctx.hint == "attack" and explicit_civil):  # "attack and kill 2 civilians in an ethnic clash"
        return "Battles", "Armed clash"
    if ctx.hint == "attack" and _cue(lex, "resisted", s) and not _cue(lex, "crowd", ctx.actor_text):
        return "Battles", "Armed clash"  # an attack thwarted or repelled: both sides fought
    if not ctx.fatalities and _cue(lex, "loot", s) and not _cue(lex, "armed_victim", victim):
        return "Strategic developments", "Looting/property destruction"
    if cued:
        armed, civil = _cue(lex, "armed_victim", cued), _cue(lex, "civilian_victim", cued)
        if civil and not armed:
            return "Violence against civilians", "Attack"
        if armed and not civil:
            return "Battles", "Armed clash"
    if ctx.inter2 == CIVILIANS:
        return "Violence against civilians", "Attack"
    if ctx.inter2 in ARMED:
        return "Battles", "Armed clash"
    if victim and not _cue(lex, "armed_victim", victim) and ctx.hint != "casualty":
        return "Violence against civilians", "Attack"  # a named person or group that is not a force
    if _cue(lex, "clash", s):
        return "Battles", "Armed clash"
    if _cue(lex, "civilian_victim", s) and not _cue(lex, "armed_victim", s):
        return "Violence against civilians", "Attack"
    if _cue(lex, "armed_victim", s):
        return "Battles", "Armed clash"
    return "Violence against civilians", "Attack"


def acled_type(lex: Lexicon, ctx: AcledContext) -> tuple[str, str] | None:
    """(event_type, sub_event_type) for an actual event, or None when ACLED would not code it."""
    hint, s = ctx.hint, ctx.sentence
    if ctx.plover_type == "AID" and ctx.inter1 in NONSTATE_ARMED:
        # an armed group handing out food or money: a change to the group's activity (ACLED's convention)
        return "Strategic developments", "Change to group/activity"
    if hint is None:
        return None
    if hint in VIOLENT_HINTS:
        return _violent(lex, ctx)
    if hint == "sexual":
        return "Violence against civilians", "Sexual violence"
    if hint == "abduct":
        return "Violence against civilians", "Abduction/forced disappearance"
    if hint == "protest":
        near = s + " " + ctx.following
        if _cue(lex, "mob", s) and not _cue(lex, "intervention", near):
            return "Riots", "Mob violence"
        after = ctx.following
        if _cue(lex, "riot", s) or _cue(lex, "riot", _same_crowd(after)) or _cue(lex, "riot_after", after):
            return "Riots", "Violent demonstration"
        if _cue(lex, "protest_victim", near):
            return "Protests", "Excessive force against protesters"
        if _cue(lex, "intervention", near):
            return "Protests", "Protest with intervention"
        return "Protests", "Peaceful protest"
    if hint == "riot":
        if _cue(lex, "mob", s):
            return "Riots", "Mob violence"
        return "Riots", "Violent demonstration"
    if hint == "mob":
        return "Riots", "Mob violence"
    if hint == "arrest":
        return "Strategic developments", "Arrests"
    if hint in ("loot", "seize"):
        crowd = _cue(lex, "crowd", ctx.actor_text) and not _cue(lex, "armed_victim", ctx.actor_text) \
            and ctx.inter1 not in ARMED
        if not ctx.actor_text.strip() and ctx.inter1 is None:  # the subject was lost: the sentence's people
            crowd = _cue(lex, "crowd", s) and not _cue(lex, "armed_victim", s)
        purpose = _cue(lex, "demo_purpose", s + " " + ctx.following)
        if crowd and (purpose or _cue(lex, "riot", s)):  # a crowd's destruction: a riot, with a purpose or without
            return "Riots", "Violent demonstration" if purpose else "Mob violence"
        if _cue(lex, "mob", s) or (crowd and hint == "loot"):
            return "Riots", "Mob violence"
        return "Strategic developments", "Looting/property destruction"
    if hint == "defuse":
        return "Strategic developments", "Disrupted weapons use"
    if hint == "regain":
        return "Battles", "Government regains territory"
    if hint == "territory":
        state = ctx.inter1 == STATE or (ctx.inter1 is None and _cue(lex, "state_actor", ctx.actor_text or s))
        if _cue(lex, "transfer", s) and not _cue(lex, "clash", s):
            return "Strategic developments", "Non-violent transfer of territory"
        return "Battles", "Government regains territory" if state else "Non-state actor overtakes territory"
    if hint == "withdraw":
        if _cue(lex, "transfer", s):
            return "Strategic developments", "Non-violent transfer of territory"
        return None
    if hint == "base":
        return "Strategic developments", "Headquarters or base established"
    if hint == "agree":
        return ("Strategic developments", "Agreement") if _cue(lex, "conflict_context", s) else None
    if hint == "change":
        return "Strategic developments", "Change to group/activity"
    if hint == "release":
        return "Strategic developments", "Other"
    return None


def default_inters(event_type: str, sub: str, inter1: int | None, inter2: int | None) -> tuple[int | None, int | None]:
    """ACLED's fixed actor types where the actors do not say: protesters, rioters, civilian victims."""
    if inter1 is None and event_type == "Protests":
        inter1 = PROTESTERS
    if inter1 is None and event_type == "Riots":
        inter1 = RIOTERS
    if inter2 is None and event_type == "Violence against civilians":
        inter2 = CIVILIANS
    if event_type == "Protests" and sub != "Peaceful protest" and inter2 is None and sub:
        inter2 = STATE if sub in ("Protest with intervention", "Excessive force against protesters") else None
    return inter1, inter2


def acled_code(lex: Lexicon, ctx: AcledContext) -> AcledCode | None:
    """The ACLED code of an actual event, or None when it is outside ACLED's scope."""
    typed = acled_type(lex, ctx)
    if typed is None:
        return None
    et, sub = typed
    if sub not in lex.acled_taxonomy.get(et, ()):
        return None
    i1, i2 = default_inters(et, sub, ctx.inter1, ctx.inter2)
    return AcledCode(event_type=et, sub_event_type=sub, inter1=i1, inter2=i2)
