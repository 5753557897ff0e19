"""Stories: articles that report one happening, found from the names they share.

Reports of one happening name much the same cast (the victim, the suspect, the town, the police
force), while reports of two similar happenings (two shootings, two arrests) name different ones. An
article's cast is the set of context keys of its events (:attr:`EventRef.context`); two articles are
linked by the rarity-weighted share of the smaller cast they have in common
(:func:`eventwire.dedup.compare.context_share`). Stories are grown average-link: the strongest links
first, and two stories join only when the mean share over all their article pairs stays high, so a
name common to two stories cannot chain them together. Only article pairs that already meet as
candidate event pairs are linked, so the cost follows the blocking.
"""

from __future__ import annotations

from collections.abc import Iterable

from .compare import DedupConfig, Prepared, context_share

#: Most articles of each side checked when two stories join (bounds the cost of very large stories).
MAX_STORY_CHECK = 48


def assign_stories(items: list[Prepared], pairs: Iterable[tuple[int, int]], cfg: DedupConfig) -> None:
    """Set ``story`` of every prepared event: events of articles of one story share a story number."""
    first: dict[str, Prepared] = {}
    for p in items:
        first.setdefault(p.ref.article, p)
    index = {a: n for n, a in enumerate(sorted(first))}
    reps = [first[a] for a in sorted(first)]
    cache: dict[tuple[int, int], float] = {}

    def share(x: int, y: int) -> float:
        k = (x, y) if x < y else (y, x)
        if k not in cache:
            cache[k] = context_share(reps[k[0]], reps[k[1]], cfg)
        return cache[k]

    links: set[tuple[int, int]] = set()
    for i, j in pairs:
        x, y = index[items[i].ref.article], index[items[j].ref.article]
        if x != y:
            links.add((x, y) if x < y else (y, x))
    strong = sorted(((share(x, y), x, y) for x, y in links), key=lambda t: (-t[0], t[1], t[2]))

    parent = list(range(len(reps)))
    members: dict[int, list[int]] = {n: [n] for n in range(len(reps))}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for s, x, y in strong:
        if s < cfg.story_link:
            break
        a, b = find(x), find(y)
        if a == b:
            continue
        left, right = members[a][:MAX_STORY_CHECK], members[b][:MAX_STORY_CHECK]
        mean = sum(share(u, v) for u in left for v in right) / (len(left) * len(right))
        if mean >= cfg.story_mean:
            if len(members[a]) < len(members[b]):
                a, b = b, a
            parent[b] = a
            members[a].extend(members.pop(b))
    for p in items:
        p.story = find(index[p.ref.article])
