"""Write a synthetic CECCI-style archive of N records, deterministic for a seed.

Everything written here is *synthetic* (names, titles, sources are made up from word lists and
numbers, and the sources say so); it exists only to measure how the build scales. The records use
the real record format, so the real engine reads them, and :func:`validate` checks that a generated
archive has no problem at all (``records.parse`` + ``checks.check_archive``).

Two trees can be written from the same records:

* the **archive**: the site's ``conf.py``, home page, listing pages, ``sources.md`` and ``_static/``,
  the generated records and a generated ``references.bib``;
* the **baseline**: the same Markdown pages for plain Sphinx + MyST + the same theme, without the
  archive extension: each record keeps its YAML as plain MyST front matter, gets its title as a
  heading, and the ``{archive:…}`` directives and roles are removed (see ``baseline_conf.py``).

Usage: ``python bench/generate.py N OUT [--seed S] [--baseline OUT2] [--check]``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

#: Share of the records of each type (events, people, organisations).
SHARES = {"event": 0.2, "person": 0.5, "organisation": 0.3}

_SYLLABLES = ("an ba bai bin bo can chen cheng chun da dan de dong fan fang fei feng gang gao guo hai han hao he "
              "hong hua hui jia jian jiang jie jin jing jun kai kang lan lei li lian liang lin ling long lu mei "
              "min ming mu nan ning peng ping qi qian qiang qing rong ru shan shao sheng shi shu song tao tian "
              "ting wei wen xia xian xiang xiao xin xing xu xuan ya yan yang yi ying yong yu yuan yue yun ze zhen "
              "zheng zhi zhong zhou zhu zi").split()
_FAMILY = ("Bai Cao Chen Deng Ding Du Fan Fang Feng Gao Gu Guo Han He Hu Huang Jiang Jin Kong Lei Liang Lin "
           "Liu Lu Luo Ma Meng Pan Peng Qian Qin Shen Shi Song Su Sun Tang Tian Wan Wei Wen Wu Xia Xiao Xie "
           "Xu Xue Yan Yang Ye Yin Yu Yuan Zeng Zhao Zheng Zhou Zhu Zou").split()
_WESTERN = ("Adrian Bryson Claire Daniel Elena Felix Grace Henry Irene Jonas Karen Lucas Maria Nora Oliver "
            "Paula Quentin Rosa Simon Tessa Victor Wendy").split()
_PLACES = ("Northbank Eastgate Riverside Lakeshore Hillview Westfield Southport Greenhollow Stonebridge "
           "Maplecourt Harbourside Brightwater").split()
_ORG_WORDS = ("Cultural Exchange,Creative Industries,International Communication,Design,Heritage,Digital Media,"
              "Vocational Education,Tourism,Trade,Film,Publishing,Music,Tea Culture,Craft,Language,"
              "Innovation,Translation,Youth Exchange,Museum Studies,Urban Renewal").split(",")
_ORG_KINDS = ("association government-department administrative-committee university university-school centre "
              "company media venue party-committee party-branch party-department other").split()
_ORG_NOUN = {"association": "Association", "government-department": "Bureau", "administrative-committee":
             "Administrative Committee", "university": "University", "university-school": "School",
             "centre": "Centre", "company": "Company", "media": "Media Group", "venue": "Exhibition Hall",
             "party-committee": "Committee", "party-branch": "Branch", "party-department": "Department",
             "other": "Office"}
_TITLES = ("Director,Deputy Director,President,Vice President,Professor,Associate Professor,Assistant Professor,"
           "Secretary-General,Partner,Member,Researcher,Curator,Editor-in-Chief,Founder,Chair").split(",")
_EVENT_KINDS = "forum roundtable conference seminar symposium lecture workshop".split()
_TOPICS = ("cultural outreach,international communication,creative industries,digital culture,heritage,"
           "vocational education,tea culture,film,design,tourism,translation,youth exchange,museums,"
           "publishing,music,craft,brand building,urban renewal,cultural trade,language learning").split(",")
_WORDS = ("exchange culture practice experience cooperation platform audience programme project heritage "
          "innovation partnership community research design media network dialogue education market "
          "story tradition technology city region industry").split()
_MENTION_KINDS = "project brand product programme designation company media association place other".split()


@dataclass
class Archive:
    """The generated records, as front-matter dicts plus prose, keyed by record type."""

    events: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    orgs: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    prose: dict[str, str] = field(default_factory=dict)  # record id -> Markdown body

    @property
    def hub(self) -> str:
        """The id of the organisation that organises every forum (as CECCI does in the real archive)."""
        return self.orgs[0]["id"]


def _sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def counts(n: int) -> tuple[int, int, int]:
    """How many events, people and organisations make ``n`` records (at least 1, 3, 2)."""
    events = max(1, round(n * SHARES["event"]))
    orgs = max(2, round(n * SHARES["organisation"]))
    people = max(3, n - events - orgs)
    return events, people, orgs


def build(n: int, seed: int = 1) -> Archive:
    """Generate the records of an archive of about ``n`` records (exactly ``n`` for n ≥ 6)."""
    rng = random.Random(seed)
    n_events, n_people, n_orgs = counts(n)
    archive = Archive()

    # sources: one news article per event, plus organisation profiles
    for i in range(n_events):
        year = 2012 + (i * 14) // max(n_events, 1)
        archive.sources.append({"key": f"synth{i:05d}", "year": str(year),
                                "title": f"Synthetic report {i + 1} on a generated forum"})
    for i in range(max(1, n_orgs // 5)):
        archive.sources.append({"key": f"synthorg{i:05d}", "year": "2020",
                                "title": f"Synthetic profile {i + 1} of generated organisations"})
    event_keys = [f"synth{i:05d}" for i in range(n_events)]
    org_keys = [s["key"] for s in archive.sources if s["key"].startswith("synthorg")]

    # organisations, in hierarchies (a parent is always an earlier organisation, so no cycles)
    used_names: set[str] = set()
    for i in range(n_orgs):
        kind = "centre" if i == 0 else rng.choice(_ORG_KINDS)
        while True:
            name = f"{rng.choice(_PLACES)} {rng.choice(_ORG_WORDS)} {_ORG_NOUN[kind]}"
            if name in used_names:
                name = f"{name} {len(used_names) + 1}"
            if name not in used_names:
                break
        used_names.add(name)
        org_id = _slug(name)
        abbreviation = "".join(w[0] for w in name.split() if w[0].isupper())
        data: dict[str, Any] = {"id": org_id, "name": name,
                                "abbreviations": [f"{abbreviation}{i}"] if rng.random() < 0.4 else [],
                                "aliases": [f"The {name}"] if rng.random() < 0.2 else [],
                                "original_script": None, "kind": kind, "parent": None,
                                "place": rng.choice(_PLACES) if rng.random() < 0.5 else None,
                                "sources": [org_keys[i % len(org_keys)]]}
        if i >= 5 and rng.random() < 0.6:
            parent = archive.orgs[rng.randrange(max(1, i - 50), i)]
            data["parent"] = {"org": parent["id"], "source": data["sources"][0]}
        if i % 17 == 3:
            data["old_ids"] = [f"{org_id}-old"]
        archive.orgs.append(data)
        archive.prose[org_id] = (f"{_sentence(rng)} {_sentence(rng)} {{cite:p}}`{data['sources'][0]}`\n"
                                 if rng.random() < 0.5 else "")

    # people
    used_names = set()
    for i in range(n_people):
        western = rng.random() < 0.15
        while True:
            family = rng.choice(_FAMILY)
            given = rng.choice(_WESTERN) if western else (rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)).capitalize()
            name = f"{given} {family}" if western else f"{family} {given}"
            if name not in used_names:
                break
        used_names.add(name)
        person_id = _slug(name)
        data = {"id": person_id, "name": name, "family_name": family, "given_name": given,
                "name_order": "given-first" if western else "family-first",
                "aliases": [f"{given} {family}"] if not western and rng.random() < 0.2 else [],
                "original_script": None, "positions": [], "sources": []}
        if i % 23 == 5:
            data["old_ids"] = [f"{person_id}-old"]
        archive.people.append(data)

    # events, oldest first; every person speaks or presides somewhere
    slots = [(rng.randint(1, 2), rng.randint(3, 8)) for _ in range(n_events)]  # (presiders, talks)
    order = list(range(n_people))
    rng.shuffle(order)
    queue = order[:]
    days: set[str] = set()
    for i in range(n_events):
        year = 2012 + (i * 14) // n_events
        while True:
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if date not in days:
                break
        days.add(date)
        key = event_keys[i]
        topic = rng.choice(_TOPICS)
        kind = rng.choice(_EVENT_KINDS)
        title = f"Synthetic {kind.capitalize()} {i + 1}: {topic.capitalize()} and {rng.choice(_TOPICS)}"
        event_id = f"{date}-{_slug(title)}"[:90].strip("-")
        chosen: list[int] = []
        n_presiders, n_talks = slots[i]
        while len(chosen) < min(n_presiders + n_talks, n_people):
            if queue:
                p = queue.pop()
            else:
                p = rng.randrange(n_people)
            if p not in chosen:
                chosen.append(p)
        presiders = chosen[:n_presiders]
        speakers = chosen[len(presiders):]
        others = [o["id"] for o in archive.orgs[1:]] or [archive.hub]
        co_hosts = rng.sample(others, min(len(others), rng.randint(1, 4)))
        organisers = [archive.hub, *rng.sample(others, min(len(others), rng.randint(0, 3)))]
        organisers = list(dict.fromkeys(organisers))
        venue = rng.choice(others)
        talks = []
        for p in speakers:
            person = archive.people[p]
            talks.append({"speaker": person["id"], "position": None, "title": None,
                          "summary": " ".join(_sentence(rng, 14) for _ in range(rng.randint(2, 4))),
                          "topics": sorted(set(rng.sample(_TOPICS, rng.randint(1, 4)))),
                          "mentions": [{"name": f"{rng.choice(_PLACES)} {rng.choice(_WORDS).capitalize()} Project",
                                        "kind": rng.choice(_MENTION_KINDS), "note": None, "source": key}
                                       for _ in range(rng.randint(0, 2))],
                          "source": key})
            if rng.random() < 0.4:
                talks[-1]["title"] = f"On {rng.choice(_TOPICS)}"
        data = {"id": event_id, "title": title, "date": date, "kind": kind, "described_as": [],
                "venue": {"org": venue, "source": key}, "place": rng.choice(_PLACES),
                "co_hosts": [{"org": o, "source": key} for o in co_hosts],
                "organisers": [{"org": o, "source": key} for o in organisers],
                "presiders": [{"person": archive.people[p]["id"], "position": None,
                               "remarks": _sentence(rng, 16) if rng.random() < 0.5 else None, "source": key}
                              for p in presiders],
                "talks": talks,
                "qa": _sentence(rng, 20) if rng.random() < 0.3 else None,
                "topics": sorted(set([topic, *rng.sample(_TOPICS, 2)])),
                "mentions": [],
                "summary": " ".join(_sentence(rng, 16) for _ in range(3)),
                "sources": [key]}
        archive.events.append(data)
        archive.prose[event_id] = "\n".join(f"{_sentence(rng, 20)} {_sentence(rng, 18)} {{cite:p}}`{key}`\n"
                                            for _ in range(rng.randint(1, 2)))
        for p in chosen:
            person = archive.people[p]
            if not person["sources"]:
                person["sources"] = [key]

    # positions: 1–4 per person, at organisations, with the position shown in their talks
    for person in archive.people:
        key = person["sources"][0] if person["sources"] else event_keys[0]
        person["sources"] = person["sources"] or [key]
        for org in rng.sample(archive.orgs, min(len(archive.orgs), rng.randint(1, 4))):
            person["positions"].append({"org": org["id"], "title": rng.choice(_TITLES),
                                        "as_of": f"{2012 + rng.randrange(14)}", "source": key})
        archive.prose[person["id"]] = ""
    org_names = {o["id"]: o["name"] for o in archive.orgs}
    positions = {p["id"]: f"{p['positions'][0]['title']}, {org_names[p['positions'][0]['org']]}"
                 for p in archive.people}
    for event in archive.events:
        for talk in event["talks"]:
            talk["position"] = positions[talk["speaker"]]
        for presider in event["presiders"]:
            presider["position"] = positions[presider["person"]]
    return archive


# -- writing -------------------------------------------------------------------------------------

def _front(data: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100) + "---\n"


def _bib(archive: Archive) -> str:
    out = []
    for s in archive.sources:
        out.append(f"@misc{{{s['key']},\n  author       = {{{{Synthetic Benchmark Generator}}}},\n"
                   f"  title        = {{{s['title']}}},\n  howpublished = {{Generated for benchmarking}},\n"
                   f"  year         = {{{s['year']}}},\n"
                   f"  note         = {{Synthetic: written by bench/generate.py, describes nothing real}},\n}}\n")
    return "\n".join(out)


def _records(archive: Archive) -> list[tuple[str, dict[str, Any]]]:
    return ([("events", e) for e in archive.events] + [("speakers", p) for p in archive.people]
            + [("organisations", o) for o in archive.orgs])


_ARCHIVE_ROLE = re.compile(r"\{archive:[a-z-]+\}`([^`]*)`")
_ARCHIVE_FENCE = re.compile(r"```\{archive:[a-z-]+\}.*?\n```\n?", re.S)
_ARCHIVE_LINK = re.compile(r"\[([^\]]*)\]\(archive-[a-z]+\)")


def _site_page(rel: str, hub: str) -> str:
    text = (ROOT / rel).read_text(encoding="utf-8")
    return re.sub(r"\{archive:org\}`cecci`", f"{{archive:org}}`{hub}`", text)


def _baseline_page(text: str) -> str:
    """A page without the archive extension: its roles as plain text, its directives and index links gone."""
    text = _ARCHIVE_FENCE.sub("", text)
    text = _ARCHIVE_ROLE.sub(r"\1", text)
    return _ARCHIVE_LINK.sub(r"\1", text)


def site_pages() -> list[str]:
    """The site's pages that are not records: top-level pages and each record folder's listing page."""
    top = [p.name for p in sorted(ROOT.glob("*.md")) if p.name not in ("README.md", "CONTRIBUTING.md")]
    return top + [f"{t}/index.md" for t in ("events", "speakers", "organisations") if (ROOT / t / "index.md").exists()]


#: Files and folders of the site copied as they are (if present).
SITE_FILES = ("_static", "_templates", "CITATION.cff")


def write(archive: Archive, out: Path, baseline: bool = False) -> Path:
    """Write the archive (or its baseline variant) into ``out``, which must not exist or be empty."""
    out.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        if baseline and name == "_templates":
            continue  # the archive's templates wire the search page to Pagefind; the baseline keeps the theme's
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, out / name, dirs_exist_ok=True)
        elif (ROOT / name).exists():
            shutil.copy(ROOT / name, out / name)
    if baseline:
        shutil.copy(ROOT / "conf.py", out / "archive_conf.py")
        shutil.copy(HERE / "baseline_conf.py", out / "conf.py")
    else:
        shutil.copy(ROOT / "conf.py", out / "conf.py")
    (out / "references.bib").write_text(_bib(archive), encoding="utf-8")
    for rel in site_pages():
        text = _site_page(rel, archive.hub)
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(_baseline_page(text) if baseline else text, encoding="utf-8")
    for folder, data in _records(archive):
        prose = archive.prose.get(data["id"], "")
        if baseline:
            title = data.get("title") or data["name"]
            text = _front({**data, "orphan": True}) + f"\n# {title}\n\n{prose}"
        else:
            text = _front(data) + (f"\n{prose}" if prose else "")
        (out / folder / f"{data['id']}.md").write_text(text, encoding="utf-8")
    return out


def record_path(archive: Archive, record_id: str) -> str:
    for folder, data in _records(archive):
        if data["id"] == record_id:
            return f"{folder}/{record_id}.md"
    raise KeyError(record_id)


# -- validation ----------------------------------------------------------------------------------

def validate(folder: Path) -> list[str]:
    """Every problem the engine finds in a generated archive (schema, ids, links, sources), as text."""
    from cecci_archive import checks, records

    bib_keys = set(re.findall(r"^@\w+\{([^,\s]+),", (folder / "references.bib").read_text(encoding="utf-8"), re.M))
    found: list[records.Record] = []
    problems: list[str] = []
    for sub in ("events", "speakers", "organisations"):
        for path in sorted((folder / sub).glob("*.md")):
            if path.stem == "index":
                continue
            rel = path.relative_to(folder).as_posix()
            record, _split, record_problems = records.parse(path.read_text(encoding="utf-8"), rel)
            problems += [p.text() for p in record_problems]
            if record is not None:
                found.append(record)
    problems += [p.text() for p in checks.check_archive(found, bib_keys)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of records")
    parser.add_argument("out", type=Path, help="folder to write the archive into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="also write the baseline variant into this folder")
    parser.add_argument("--check", action="store_true", help="validate the archive with the engine's checks")
    args = parser.parse_args(argv)
    archive = build(args.n, args.seed)
    write(archive, args.out)
    if args.baseline:
        write(archive, args.baseline, baseline=True)
    n = len(archive.events) + len(archive.people) + len(archive.orgs)
    print(f"{n} records ({len(archive.events)} events, {len(archive.people)} people, "
          f"{len(archive.orgs)} organisations), {len(archive.sources)} sources → {args.out}")
    if args.check:
        problems = validate(args.out)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
