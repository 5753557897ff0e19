"""Nouns of violence and of its means, shared by the stages that read who did the harm.

``INSTRUMENTS``' owner is the side acting ("police firing", "the army's shelling", "security forces'
bullets"): the actors stage takes such an owner for a side, the events stage for the event's actor.
"""

from __future__ import annotations

#: What is fired or thrown ("opened fire on", "fired rockets at": the object is no victim).
PROJECTILES = frozenset({"fire", "shot", "round", "bullet", "shell", "rocket", "mortar", "missile", "grenade",
                         "salvo", "volley", "projectile", "gunfire", "tear", "gas", "teargas"})
#: Nouns of violence or of its means.
INSTRUMENTS = PROJECTILES | frozenset({
    "firing", "shooting", "shelling", "bombing", "bomb", "airstrike", "strike", "raid", "attack", "assault",
    "crackdown", "ambush", "offensive", "operation", "action", "beating", "drone", "artillery", "gun", "baton",
    "crossfire", "violence", "torture", "explosion", "blast"})
