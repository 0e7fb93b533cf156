"""Benchmark the archive against plain Sphinx on a generated archive, and print one table.

``python bench/run.py --n 2000`` (``make bench N=2000``) generates an archive of N records and its
baseline (:mod:`generate`), then measures, each figure the median of ``--reps`` runs:

* full build of the archive and of the baseline (same pages, plain Sphinx + MyST + the theme);
* the rebuild after renaming one person (and whether every page that showed the old name now
  shows the new one, and no page still shows the old one);
* the rebuild with nothing changed (and whether any output file changed or was rewritten);
* the full build with ``-j 2`` (and whether its output is byte-for-byte the ``-j 1`` output);
* the median record page's HTML at 50 records and at N records; the search download for a query;
* peak memory (max RSS of the build process and its workers, from ``getrusage(RUSAGE_CHILDREN)``).

Every build runs ``sphinx-build`` in its own wrapper process, so its time (``time.perf_counter``)
and memory are its own. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

SPHINX_OPTIONS = ("-b", "html", "-q", "-n")

#: Runs ``sphinx-build`` as a child and reports its wall time and the children's max RSS.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w", encoding="utf-8") as log:
    log.write(proc.stdout)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "max_rss_kb": usage.ru_maxrss, "returncode": proc.returncode,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime}))
"""


@dataclass
class Run:
    """One sphinx-build run."""

    #: Wall time, in seconds.
    seconds: float
    #: Peak resident memory of the build and its workers, in KiB.
    max_rss_kb: int
    #: Exit status of sphinx-build.
    returncode: int
    #: Lines of its output that are warnings or errors.
    warnings: list[str]
    #: CPU time (user + system) of the build and its workers, in seconds: less sensitive than wall
    #: time to other processes competing for the machine.
    cpu_seconds: float = 0.0
    #: The machine's 1-minute load average when the build ended.
    load: float = 0.0


def sphinx(src: Path, out: Path, doctrees: Path, jobs: int = 1, log: Path | None = None) -> Run:
    """Build ``src`` into ``out`` (incrementally, if ``out`` and ``doctrees`` hold a previous build)."""
    log = log or out.parent / f"{out.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "sphinx", *SPHINX_OPTIONS, "-j", str(jobs), "-d", str(doctrees), str(src), str(out)]
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, str(log), *cmd], capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    text = log.read_text(encoding="utf-8")
    warnings = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
    return Run(result["seconds"], result["max_rss_kb"], result["returncode"], warnings, result["cpu_seconds"],
               os.getloadavg()[0])


def full_build(src: Path, work: Path, name: str, jobs: int = 1) -> tuple[Run, Path]:
    """A build from scratch into ``work/name`` (output ``html``, doctrees ``doctrees``)."""
    target = work / name
    shutil.rmtree(target, ignore_errors=True)
    run = sphinx(src, target / "html", target / "doctrees", jobs, log=target / "build.log")
    return run, target / "html"


# -- output trees --------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: relative path → (sha256, mtime in ns)."""
    out: dict[str, tuple[str, int]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[path.relative_to(folder).as_posix()] = (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                        path.stat().st_mtime_ns)
    return out


def differing(a: dict[str, tuple[str, int]], b: dict[str, tuple[str, int]]) -> list[str]:
    """Files whose content differs (or that exist on one side only)."""
    return sorted(p for p in a.keys() | b.keys() if (a.get(p) or ("",))[0] != (b.get(p) or ("",))[0])


def rewritten(a: dict[str, tuple[str, int]], b: dict[str, tuple[str, int]]) -> list[str]:
    """Files written again (new mtime) or added or removed between two snapshots."""
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def pages_showing(folder: Path, name: str) -> set[str]:
    """Output files (HTML and the search index) whose text contains ``name`` as whole words."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    found = set()
    for path in folder.rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".txt") and path.is_file():
            if pattern.search(path.read_text(encoding="utf-8", errors="replace")):
                found.add(path.relative_to(folder).as_posix())
    return found


def record_pages(folder: Path) -> dict[str, int]:
    """Size in bytes of every record page's HTML."""
    sizes = {}
    for sub in ("events", "speakers", "organisations"):
        for path in (folder / sub).glob("*.html"):
            if path.stem != "index":
                sizes[path.relative_to(folder).as_posix()] = path.stat().st_size
    return sizes


def search_download(folder: Path) -> tuple[int, str]:
    """Bytes a browser fetches to answer one search query, and how that was counted."""
    pagefind = folder / "pagefind"
    if pagefind.is_dir():
        def size(pattern: str) -> list[int]:
            return sorted(p.stat().st_size for p in pagefind.glob(pattern) if p.is_file())

        fixed = sum(size("pagefind.js")) + sum(size("pagefind-entry.json")) + sum(size("*.pf_meta"))
        wasm = size("wasm.*")
        chunks = size("index/*")
        fragments = size("fragment/*")
        total = fixed + (max(wasm) if wasm else 0) + (max(chunks) if chunks else 0)
        total += 5 * (int(statistics.median(fragments)) if fragments else 0)
        how = (f"Pagefind: pagefind.js + pagefind-entry.json + .pf_meta + wasm + the largest index chunk of "
               f"{len(chunks)} + 5 median fragments of {len(fragments)}")
        return total, how
    index = folder / "searchindex.js"
    return (index.stat().st_size if index.exists() else 0), "Sphinx searchindex.js (whole index for any query)"


# -- renaming a person ---------------------------------------------------------------------------

def pick_person(archive: generate.Archive) -> dict[str, object]:
    """The family-first person who appears at the most events (the costliest rename)."""
    count: dict[str, int] = {}
    for event in archive.events:
        for talk in event["talks"]:
            count[talk["speaker"]] = count.get(talk["speaker"], 0) + 1
        for presider in event["presiders"]:
            count[presider["person"]] = count.get(presider["person"], 0) + 1
    people = [p for p in archive.people if p["name_order"] == "family-first"]
    return max(people, key=lambda p: (count.get(p["id"], 0), p["id"]))


def rename(path: Path, old: str, new: str) -> None:
    """Edit the ``name:`` line of a record file, as a contributor would."""
    text = path.read_text(encoding="utf-8")
    edited, n = re.subn(rf"^name: {re.escape(old)}$", f"name: {new}", text, flags=re.M)
    if n != 1:
        raise ValueError(f"{path}: no `name: {old}` line")
    path.write_text(edited, encoding="utf-8")


# -- the benchmark -------------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def benchmark(n: int, reps: int, work: Path, seed: int = 1, small: int = 50, log: bool = True,
              full_reps: int | None = None) -> dict[str, object]:
    def say(message: str) -> None:
        if log:
            print(f"[bench] {message}", file=sys.stderr, flush=True)

    archive = generate.build(n, seed)
    src = generate.write(archive, work / "archive")
    base = generate.write(archive, work / "baseline", baseline=True)
    problems = generate.validate(src)
    if problems:
        raise SystemExit("the generated archive has problems:\n" + "\n".join(problems[:20]))
    small_src = generate.write(generate.build(small, seed), work / "small")

    full: list[Run] = []
    baseline: list[Run] = []
    parallel: list[Run] = []
    parallel_diff: list[list[str]] = []
    full_reps = reps if full_reps is None else full_reps
    for rep in range(full_reps):
        say(f"rep {rep + 1}/{full_reps}: full build -j 1")
        run, out1 = full_build(src, work / "builds", "j1")
        full.append(run)
        say(f"  {run.seconds:.1f} s; full build -j 2")
        run, out2 = full_build(src, work / "builds", "j2")
        parallel.append(run)
        parallel_diff.append(differing(snapshot(out1), snapshot(out2)))
        say(f"  {run.seconds:.1f} s, {len(parallel_diff[-1])} files differ; baseline")
        run, base_out = full_build(base, work / "builds", "baseline")
        baseline.append(run)
        say(f"  {run.seconds:.1f} s")
    files = len(snapshot(out1))
    html_bytes = sum(p.stat().st_size for p in out1.rglob("*.html"))
    base_html_bytes = sum(p.stat().st_size for p in base_out.rglob("*.html"))

    # nothing changed: rebuild the last -j 1 build
    doctrees = out1.parent / "doctrees"
    unchanged: list[Run] = []
    unchanged_diff: list[list[str]] = []
    unchanged_written: list[list[str]] = []
    for rep in range(reps):
        before = snapshot(out1)
        unchanged.append(sphinx(src, out1, doctrees, log=work / "builds" / f"unchanged-{rep}.log"))
        after = snapshot(out1)
        unchanged_diff.append(differing(before, after))
        unchanged_written.append(rewritten(before, after))
        say(f"no-change rebuild: {unchanged[-1].seconds:.2f} s, {len(unchanged_written[-1])} files written")

    # rename one person, rebuild, check every page
    person = pick_person(archive)
    path = src / generate.record_path(archive, str(person["id"]))
    old = str(person["name"])
    incremental: list[Run] = []
    renames: list[dict[str, object]] = []
    for rep in range(reps):
        new = f"{person['family_name']} Renamed{chr(ord('A') + rep)}"
        showing = pages_showing(out1, old)
        before = snapshot(out1)
        rename(path, old, new)
        incremental.append(sphinx(src, out1, doctrees, log=work / "builds" / f"rename-{rep}.log"))
        after = snapshot(out1)
        now_new = pages_showing(out1, new)
        still_old = pages_showing(out1, old)
        renames.append({"old": old, "new": new, "showing_before": len(showing),
                        "missing_new": sorted(showing - now_new), "still_old": sorted(still_old),
                        "written": len(rewritten(before, after))})
        say(f"rename {old!r} → {new!r}: {incremental[-1].seconds:.2f} s, {len(showing)} pages showed the name, "
            f"{len(renames[-1]['missing_new'])} miss the new name, {len(still_old)} still show the old one, "
            f"{renames[-1]['written']} files written")
        old = new

    say("record page sizes at the small size")
    run, small_out = full_build(small_src, work / "builds", "small")
    sizes_small = record_pages(small_out)
    sizes_n = record_pages(out1)
    hub = f"organisations/{archive.hub}.html"
    search_bytes, search_how = search_download(out1)

    return {
        "n": len(archive.events) + len(archive.people) + len(archive.orgs), "small": small, "reps": reps,
        "full_reps": full_reps,
        "files": files, "person": str(person["id"]),
        "full": [asdict(r) for r in full], "baseline": [asdict(r) for r in baseline],
        "parallel": [asdict(r) for r in parallel], "parallel_diff": parallel_diff,
        "unchanged": [asdict(r) for r in unchanged], "unchanged_diff": unchanged_diff,
        "unchanged_written": unchanged_written,
        "incremental": [asdict(r) for r in incremental], "renames": renames,
        "page_median_small": median(list(sizes_small.values())), "page_median_n": median(list(sizes_n.values())),
        "page_max_small": max(sizes_small.values()), "page_max_n": max(sizes_n.values()),
        "page_max_n_name": max(sizes_n, key=sizes_n.__getitem__), "hub_small": sizes_small.get(
            f"organisations/{generate.build(small, seed).hub}.html", 0), "hub_n": sizes_n.get(hub, 0),
        "search_bytes": search_bytes, "search_how": search_how,
        "html_bytes": html_bytes, "base_html_bytes": base_html_bytes,
    }


def table(r: dict) -> str:
    """The results as one Markdown table."""
    def sec(runs: list[dict]) -> float:
        return median([x["seconds"] for x in runs])

    def spread(runs: list[dict]) -> str:
        values = [x["seconds"] for x in runs]
        return f"{median(values):.2f} s (runs: {', '.join(f'{v:.2f}' for v in values)})"

    def cpu(runs: list[dict]) -> float:
        return median([x.get("cpu_seconds", 0.0) for x in runs]) or float("nan")

    def mb(runs: list[dict]) -> str:
        return f"{median([x['max_rss_kb'] for x in runs]) / 1024:.0f} MiB"

    def ok(flag: bool) -> str:
        return "yes" if flag else "**no**"

    full, base = sec(r["full"]), sec(r["baseline"])
    inc, unch, par = sec(r["incremental"]), sec(r["unchanged"]), sec(r["parallel"])
    renamed_ok = all(not x["missing_new"] and not x["still_old"] for x in r["renames"])
    def split(diffs: list[list[str]]) -> tuple[int, int]:
        """(files that differ outside Pagefind's bundle, files that differ inside it), worst run."""
        return (max(len([p for p in d if not p.startswith("pagefind/")]) for d in diffs),
                max(len([p for p in d if p.startswith("pagefind/")]) for d in diffs))

    def same(diffs: list[list[str]]) -> str:
        site, bundle = split(diffs)
        text = "yes" if site == 0 else f"**no**: {site} files differ"
        return text + (f" (Pagefind's bundle: {bundle} files differ)" if bundle else "")

    unchanged_same = split(r["unchanged_diff"])[0] == 0
    written = max(len(w) for w in r["unchanged_written"])
    pages_written = max(len([p for p in w if p.endswith(".html") and p.split("/")[0] in
                             ("events", "speakers", "organisations")]) for w in r["unchanged_written"])
    parallel_same = split(r["parallel_diff"])[0] == 0
    ratio_page = r["page_median_n"] / r["page_median_small"]
    warnings = max(len(x["warnings"]) for x in r["full"])
    shown = r["renames"][0]["showing_before"]
    rows = [
        ("full build, archive (-j 1)", spread(r["full"]), "", ""),
        ("full build, baseline: plain Sphinx + MyST + theme (-j 1)", spread(r["baseline"]), "", ""),
        ("ratio archive / baseline", f"{full / base:.2f}", "≤ 1.15", ok(full / base <= 1.15)),
        ("… the same in CPU time (user + system)", f"{cpu(r['full']):.1f} s / {cpu(r['baseline']):.1f} s = "
         f"{cpu(r['full']) / cpu(r['baseline']):.2f}", "≤ 1.15", ok(cpu(r["full"]) / cpu(r["baseline"]) <= 1.15)),
        ("HTML written by a full build, archive / baseline",
         f"{r.get('html_bytes', 0) / 2**20:.1f} MiB / {r.get('base_html_bytes', 0) / 2**20:.1f} MiB", "", ""),
        ("archive build warnings (-n)", str(warnings), "0", ok(warnings == 0)),
        (f"rebuild after renaming one person (`{r['person']}`)",
         f"{spread(r['incremental'])} = {100 * inc / full:.1f} % of full; "
         f"{median([x['written'] for x in r['renames']]):.0f} files written", "≤ 5 %", ok(inc / full <= 0.05)),
        ("… every page that showed the old name shows the new one, none the old",
         f"{shown} pages; {ok(renamed_ok)}", "all", ok(renamed_ok)),
        ("… in CPU time", f"{cpu(r['incremental']):.1f} s = {100 * cpu(r['incremental']) / cpu(r['full']):.1f} %",
         "≤ 5 %", ok(cpu(r["incremental"]) / cpu(r["full"]) <= 0.05)),
        ("rebuild with nothing changed", f"{spread(r['unchanged'])} = {100 * unch / full:.1f} % of full",
         "≤ 3 %", ok(unch / full <= 0.03)),
        ("… in CPU time", f"{cpu(r['unchanged']):.1f} s = {100 * cpu(r['unchanged']) / cpu(r['full']):.1f} %",
         "≤ 3 %", ok(cpu(r["unchanged"]) / cpu(r["full"]) <= 0.03)),
        ("… output identical; files rewritten", f"{same(r['unchanged_diff'])}; {written} of {r['files']} files "
         f"rewritten, of which {pages_written} record pages", "identical", ok(unchanged_same)),
        ("full build -j 2", f"{spread(r['parallel'])} = {par / full:.2f} × -j 1", "", ""),
        ("… output byte-for-byte identical to -j 1", f"{same(r['parallel_diff'])}; {r['files']} files compared",
         "identical", ok(parallel_same)),
        (f"record page HTML, median, at {r['small']} records", f"{r['page_median_small'] / 1024:.1f} KiB", "", ""),
        (f"record page HTML, median, at {r['n']} records",
         f"{r['page_median_n'] / 1024:.1f} KiB; ratio {ratio_page:.2f}", "≤ 1.2", ok(ratio_page <= 1.2)),
        ("largest record page (the organiser of every event)",
         f"{r['hub_small'] / 1024:.1f} KiB at {r['small']} → {r['hub_n'] / 1024:.1f} KiB at {r['n']}", "", ""),
        ("search download for one query", f"{r['search_bytes'] / 1024:.0f} KiB ({r['search_how']})", "", ""),
        ("peak memory (max RSS): archive -j 1 / -j 2 / baseline",
         f"{mb(r['full'])} / {mb(r['parallel'])} / {mb(r['baseline'])}", "", ""),
    ]
    runs = f"{r['reps']} runs" if r.get("full_reps", r["reps"]) == r["reps"] else (
        f"{r['full_reps']} run(s) of each full build, {r['reps']} of each rebuild")
    dirty = " + uncommitted changes" if r.get("uncommitted") else ""
    loads = [x.get("load", 0.0) for k in ("full", "baseline", "parallel", "unchanged", "incremental") for x in r[k]]
    head = [f"N = {r['n']} records, medians of {runs}; commit {r.get('commit', '?')[:10]}{dirty}; "
            f"load average during the builds {min(loads):.1f}–{max(loads):.1f} on {r.get('cpus', '?')} CPUs", "",
            "| figure | value | goal | holds |", "|---|---|---|---|"]
    return "\n".join(head + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="records in the generated archive (default 2000)")
    parser.add_argument("--reps", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--full-reps", type=int, help="runs of each full build (default: --reps)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--small", type=int, default=50, help="size of the small archive for page weight")
    parser.add_argument("--work", type=Path, help="working folder (default: a new temporary folder)")
    parser.add_argument("--json", type=Path, help="also write every measurement to this JSON file")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="cecci-bench-"))
    if work.exists() and any(work.iterdir()):
        raise SystemExit(f"{work} is not empty")
    print(f"[bench] working in {work}", file=sys.stderr)
    results = benchmark(args.n, args.reps, work, args.seed, args.small, full_reps=args.full_reps)
    results["commit"] = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                                       cwd=Path(__file__).parent, check=False).stdout.strip() or os.environ.get(
                                           "BENCH_COMMIT", "?")
    results["uncommitted"] = subprocess.run(["git", "status", "--porcelain", "--", "cecci_archive", "conf.py"],
                                            capture_output=True, text=True, cwd=Path(__file__).parent,
                                            check=False).stdout.strip().splitlines()
    results["engine"] = subprocess.run([sys.executable, "-c", "import cecci_archive; print(cecci_archive.__file__)"],
                                       capture_output=True, text=True, check=False).stdout.strip()
    results["cpus"] = os.cpu_count()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
