#!/usr/bin/env python3
"""Measures l360 against the Python reference (reference.py) on one machine, side by side, and prints a table.

Usage: bench.py PATH/TO/l360 [--quick]

Everything runs against one `l360 sandbox` process on loopback with zero operation time, so the numbers are the
clients' own work. Each pair of runs alternates l360 and the reference; the medians are reported. These are
measurements, not tests: nothing here passes or fails.
"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def course(i, padding=""):
    return {"externalId": f"bench-{i}", "name": f"Course {i}{padding}", "defaultLang": "en",
            "launchUrl": f"https://academy.example.com/courses/{i}", "subjects": ["sales", "negotiation"],
            "sources": [{"name": "Example Academy"}], "duration": 45,
            "description": "A course generated for the l360 benchmark."}


def write_json(path, count):
    with open(path, "w") as f:
        json.dump([course(i) for i in range(count)], f, indent=1)


def write_jsonl(path, count):
    with open(path, "w") as f:
        for i in range(count):
            f.write(json.dumps(course(i), separators=(",", ":")))
            f.write("\n")


def measure(argv, env=None, cwd=None):
    """Runs argv; returns (wall seconds, CPU seconds user+sys, peak RSS MiB, stdout, stderr)."""
    start = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    out, err = b"", b""
    # communicate() reads the pipes; wait4 then gives this child's own resource usage.
    out, err = process.communicate()
    wall = time.monotonic() - start
    usage = process_usage.get(process.pid)
    return wall, usage[0], usage[1], out.decode(), err.decode(), process.returncode


process_usage = {}
_original_wait = subprocess.Popen._try_wait


def _try_wait(self, wait_flags):
    pid, status, usage = os.wait4(self.pid, wait_flags)
    if pid == self.pid:
        process_usage[pid] = (usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
    return (pid, status)


subprocess.Popen._try_wait = _try_wait


def api(base, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers.update({"Authorization": "Bearer " + token, "360-api-version": "v2.0"})
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def sync_row(l360, work, env, integration, script, small):
    """(e): a sync where 1% of the courses changed since the last one, and a full upsert of the same file."""
    sync_script = os.path.join(work, "sync.l360")
    with open(sync_script, "w") as f:
        f.write('let job = courses sync from $file into $integration state=$state\nawait $job\n'
                'print "${job.sent} sent ${job.failed} failed"\n')
    base_file = os.path.join(work, "sync-base.jsonl")
    changed_file = os.path.join(work, "sync-changed.jsonl")
    write_jsonl(base_file, small)
    with open(base_file) as source, open(changed_file, "w") as target_file:
        for index, line in enumerate(source):
            target_file.write(line.replace('"Course ', '"Renamed course ', 1) if index % 100 == 0 else line)
    sync_runs, upsert_runs = [], []
    for attempt in range(3):
        target = integration(f"bench-sync-{attempt}")
        state = os.path.join(work, f"sync-state-{attempt}.json")
        first = measure([l360, "run", sync_script, "--var", f"file={base_file}", "--var", f"integration={target}",
                         "--var", f"state={state}"], env)
        assert first[5] == 0 and f"{small} sent 0 failed" in first[3], first
        run = measure([l360, "run", sync_script, "--var", f"file={changed_file}", "--var",
                       f"integration={target}", "--var", f"state={state}"], env)
        assert run[5] == 0 and f"{small // 100} sent 0 failed" in run[3], run
        sync_runs.append(run)
        run = measure([l360, "run", script, "--var", f"file={changed_file}", "--var", f"integration={target}"],
                      env)
        assert run[5] == 0 and f"{small} ok 0 failed" in run[3], run
        upsert_runs.append(run)
    s_cpu = statistics.median(r[1] for r in sync_runs)
    u_cpu = statistics.median(r[1] for r in upsert_runs)
    return (f"(e) sync of {small:,} courses, 1% changed ({small // 100:,} sent) vs full upsert: CPU s",
            f"{s_cpu:.2f}", f"{u_cpu:.2f}", f"{s_cpu / u_cpu:.2f}", "at most 1.00")


def main():
    l360 = os.path.abspath(sys.argv[1])
    quick = "--quick" in sys.argv
    work = tempfile.mkdtemp(prefix="l360-bench-")
    small, large = (10_000, 100_000) if quick else (100_000, 1_000_000)
    json_path = os.path.join(work, "courses.json")
    jsonl_path = os.path.join(work, "courses.jsonl")
    if "--sync-only" not in sys.argv:
        print(f"generating {small:,} courses (JSON) and {large:,} courses (JSON Lines) in {work} ...", file=sys.stderr)
        write_json(json_path, small)
        write_jsonl(jsonl_path, large)

    sandbox = subprocess.Popen([l360, "sandbox", "--port", "0", "--operation-duration", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    values = {}
    base = sandbox.stdout.readline().strip().removeprefix("listening on ")
    for line in sandbox.stdout:
        key, _, value = line.strip().partition("=")
        values.setdefault(key, value)
        if key == "path_session_id":
            break
    client_id, secret = values["client_id"], values["client_secret"]
    token = api(base, "POST", "/api/v2/oauth2/token",
                body={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})["access_token"]
    group, author = values["group_id"], values["author_id"]
    env = dict(os.environ, L360_BASE_URL=base, L360_CLIENT_ID=client_id, L360_CLIENT_SECRET=secret,
               L360_JOURNAL_DIR=os.path.join(work, "journal"), NO_COLOR="1")

    def integration(name):
        return api(base, "POST", "/api/v2/integrations", token,
                   {"externalPlatform": name, "groupId": group, "authorId": author})["_id"]

    rows = []
    if "--sync-only" in sys.argv:
        with open(os.path.join(work, "upsert.l360"), "w") as f:
            f.write('let job = courses upsert from $file into $integration\nawait $job\n'
                    'print "${job.succeeded} ok ${job.failed} failed"\n')
        try:
            rows.append(sync_row(l360, work, env, integration, os.path.join(work, "upsert.l360"), small))
        finally:
            sandbox.terminate()
            sandbox.wait()
        for row in rows:
            print(" | ".join(str(c) for c in row))
        return
    try:
        # (a) the whole job: read, validate, chunk, submit, await, fetch every result.
        script = os.path.join(work, "upsert.l360")
        with open(script, "w") as f:
            f.write('let job = courses upsert from $file into $integration\nawait $job\n'
                    'print "${job.succeeded} ok ${job.failed} failed"\n')
        l360_runs, python_runs = [], []
        for attempt in range(3):
            target = integration(f"bench-l360-{attempt}")
            run = measure([l360, "run", script, "--var", f"file={json_path}", "--var", f"integration={target}"], env)
            assert run[5] == 0 and f"{small} ok 0 failed" in run[3], run
            l360_runs.append(run)
            target = integration(f"bench-python-{attempt}")
            run = measure([sys.executable, os.path.join(HERE, "reference.py"), base, client_id, secret, target,
                           json_path])
            assert run[5] == 0 and f"{small} ok, 0 failed" in run[3], run
            python_runs.append(run)
        l_cpu = statistics.median(r[1] for r in l360_runs)
        p_cpu = statistics.median(r[1] for r in python_runs)
        l_wall = statistics.median(r[0] for r in l360_runs)
        p_wall = statistics.median(r[0] for r in python_runs)
        rows.append((f"(a) {small:,} courses, JSON to awaited: CPU s", f"{l_cpu:.2f}", f"{p_cpu:.2f}",
                     f"{l_cpu / p_cpu:.2f}", "at most 0.33"))
        rows.append((f"(a) {small:,} courses, JSON to awaited: wall s", f"{l_wall:.2f}", f"{p_wall:.2f}",
                     f"{l_wall / p_wall:.2f}", ""))
        rows.append((f"(a) peak RSS MiB", f"{statistics.median(r[2] for r in l360_runs):.0f}",
                     f"{statistics.median(r[2] for r in python_runs):.0f}", "", ""))

        # (b) peak memory for the large JSON Lines file, submitted and awaited.
        target = integration("bench-large")
        run = measure([l360, "run", script, "--var", f"file={jsonl_path}", "--var", f"integration={target}"], env)
        assert run[5] == 0 and f"{large} ok 0 failed" in run[3], run
        rows.append((f"(b) {large:,} courses, JSON Lines: peak RSS MiB", f"{run[2]:.0f}", "", "",
                     "under 150"))
        rows.append((f"(b) {large:,} courses, JSON Lines: wall s / CPU s", f"{run[0]:.1f} / {run[1]:.1f}", "", "",
                     ""))

        # (e) a nightly sync of the same courses where 1% changed, side by side with a full upsert of that file.
        rows.append(sync_row(l360, work, env, integration, script, small))

        # (f) one CSV row of many columns: reading it costs time in proportion to its cells, so four times the
        # columns take about four times as long (a rebuilt item per cell once made this sixteen times).
        target = integration("bench-wide")
        cpu = {}
        for columns in (10_000, 40_000):
            path = os.path.join(work, f"wide-{columns}.csv")
            with open(path, "w") as f:
                f.write(",".join(f"c{i}" for i in range(columns)) + "\n" + ",".join("v" for _ in range(columns)) + "\n")
            runs = [measure([l360, "--dry-run", "-c", f"courses upsert from {path} into {target}"], env)
                    for _ in range(3)]
            assert all(r[5] == 2 for r in runs), runs[0]  # the row is refused: 40,000 unknown fields
            cpu[columns] = statistics.median(r[1] for r in runs)
        rows.append(("(f) CSV of 40,000 vs 10,000 columns: CPU s", f"{cpu[40_000]:.2f}", f"{cpu[10_000]:.2f}",
                     f"{cpu[40_000] / cpu[10_000]:.2f}", "about 4 (linear)"))

        # (d) start-up, measured first so (c) can subtract it: the binary as scripts/install installs it (stripped),
        # beside `python3 -c pass`, the cheapest start of an interpreter; 40 runs each, interleaved.
        installed = os.path.join(work, "l360-installed")
        shutil.copy2(l360, installed)
        if shutil.which("strip"):
            subprocess.run(["strip", installed], check=True)
        starts, pythons = [], []
        for _ in range(40):
            starts.append(measure([installed, "-c", "print 1"], env)[0])
            pythons.append(measure([sys.executable, "-c", "pass"])[0])
        l_start, p_start = statistics.median(starts), statistics.median(pythons)

        # (c) validation throughput: a dry run reads and validates every item, and sends nothing but the token call.
        size = os.path.getsize(jsonl_path) / 1e6
        runs = [measure([l360, "--dry-run", "-c", f"courses upsert from {jsonl_path} into {target}"], env)
                for _ in range(3)]
        assert all(r[5] == 0 for r in runs), runs[0]
        wall = statistics.median(r[0] for r in runs) - l_start
        rows.append((f"(c) validation, {size:.0f} MB of JSON Lines: MB/s", f"{size / wall:.0f}", "", "",
                     "at least 100"))
        rows.append(("(d) start-up, median: installed l360 -c 'print 1' vs python3 -c pass, ms",
                     f"{l_start * 1000:.1f}", f"{p_start * 1000:.1f}", f"{l_start / p_start:.2f}", "under 10 ms"))
    finally:
        sandbox.terminate()
        sandbox.wait()

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"machine: {os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}; "
          f"Python {platform.python_version()}")
    print()
    header = ("measurement", "l360", "reference", "ratio", "target")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths)))


if __name__ == "__main__":
    main()
