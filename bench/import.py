#!/usr/bin/env python3
"""Import and start-up benchmarks, each reported as a ratio against kubectl in the same run.

A noisy machine slows both sides alike, so the ratio holds where absolute times do not.
Runs alternate (plugin, kubectl, plugin, ...) and each figure is the median of the runs.
Peak memory is the child's own maximum RSS (os.wait4), not the machine's.

  import   N synthetic specs (bench/gen_specs.py, fixed seed) through
           `kubectl-vmmigrate import DIR -o yaml`, against
           `kubectl label --local -f MANIFESTS bench=1 -o yaml` on the manifests the plugin
           produced: kubectl reading, labelling and printing the same objects offline.
           Beside it, the floor: `cat` of every input file to /dev/null, then writing the
           same bytes the import wrote (`cat` of its output) to the same destination: the
           least any import of these files can cost on this machine, and how close it gets.
  startup  `kubectl-vmmigrate --help` and `kubectl-vmmigrate __complete preview ''`
           against `kubectl version --client`.

usage: bench/import.py --bin target/release/kubectl-vmmigrate [--sizes 1000,2000,10000]
                       [--reps 5] [--startup-reps 30] [--work DIR] [--only import|startup]
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv, stdout_path=None, env=None):
    """Runs argv; returns (seconds, peak RSS in KiB, exit code, CPU seconds: user + system,
    of the process and its children)."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            out.close()
    return elapsed, usage.ru_maxrss, proc.returncode, usage.ru_utime + usage.ru_stime


def compare(label, ours, theirs, reps, out_path=None, env=None, floor=None):
    """Alternates the commands `reps` times (ours, theirs, then `floor` when given); returns
    medians and max RSS of ours and theirs, and the median of the floor (None without);
    `cpu` gets the median CPU seconds of each, by the same order."""
    t_ours, t_theirs, m_ours, m_theirs, t_floor = [], [], [], [], []
    c_ours, c_theirs, c_floor = [], [], []
    commands = [(ours, t_ours, m_ours, c_ours), (theirs, t_theirs, m_theirs, c_theirs)]
    if floor:
        commands.append((floor, t_floor, [], c_floor))
    for _ in range(reps):
        for argv, times, mems, cpus in commands:
            secs, rss, code, cpu = run(argv, out_path, env)
            if code != 0:
                sys.exit(f"{label}: {' '.join(argv)} exited with {code}")
            times.append(secs)
            mems.append(rss)
            cpus.append(cpu)
    compare.cpu = [statistics.median(c) if c else None for c in (c_ours, c_theirs, c_floor)]
    return (statistics.median(t_ours), statistics.median(t_theirs), max(m_ours), max(m_theirs),
            statistics.median(t_floor) if t_floor else None)


def floor_command(specs, manifests):
    """Reads every input file and writes the bytes import wrote, nothing else: the floor."""
    return ["sh", "-c", 'find "$1" -type f -exec cat {} + >/dev/null && cat "$2"', "floor",
            specs, manifests]


def kubectl_env(work):
    # Offline and isolated: no kubeconfig, no cache from the user's home.
    env = dict(os.environ)
    env["KUBECONFIG"] = os.path.join(work, "no-kubeconfig")
    env["HOME"] = work
    return env


def bench_import(args, work, env):
    rows = []
    for n in args.sizes:
        specs = os.path.join(work, f"specs-{n}")
        if not os.path.isdir(specs):
            subprocess.run([sys.executable, os.path.join(HERE, "gen_specs.py"), str(n), specs], check=True)
        manifests = os.path.join(work, f"manifests-{n}.yaml")
        _, _, code, _ = run([args.bin, "import", specs, "-o", "yaml"], manifests)
        if code != 0:
            sys.exit(f"import of the {n} generated specs failed (exit {code})")
        objects = sum(1 for line in open(manifests, encoding="utf-8") if line.startswith("kind: "))
        if objects != n:
            sys.exit(f"expected {n} VirtualMachines from {n} specs, got {objects}")
        reps = args.reps if n <= 2000 else max(1, args.reps // 2)
        size = os.path.getsize(manifests)
        ours, theirs, mem_ours, mem_theirs, floor = compare(
            f"import {n}",
            [args.bin, "import", specs, "-o", "yaml"],
            [args.kubectl, "label", "--local", "-f", manifests, "bench=1", "-o", "yaml"],
            reps, os.path.join(work, "out.yaml"), env, floor_command(specs, manifests))
        rows.append((n, reps, ours, theirs, mem_ours, mem_theirs, floor, size, compare.cpu))
        print(f"import N={n}: plugin {ours:.3f}s ({n / ours:,.0f} VMs/s, {mem_ours / 1024:.1f} MiB), "
              f"kubectl label {theirs:.3f}s ({n / theirs:,.0f} VMs/s, {mem_theirs / 1024:.1f} MiB), "
              f"ratio {ours / theirs:.3f}; read + write floor {floor:.3f}s", file=sys.stderr)
    return rows


def bench_startup(args, work, env):
    reference = [args.kubectl, "version", "--client"]
    rows = []
    for label, argv in (("--help", [args.bin, "--help"]),
                        ("__complete preview ''", [args.bin, "__complete", "preview", ""])):
        ours, theirs, mem_ours, mem_theirs, _ = compare(label, argv, reference, args.startup_reps, env=env)
        rows.append((label, ours, theirs, mem_ours, mem_theirs))
    return rows


def fmt_load():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", required=True)
    p.add_argument("--kubectl", default=shutil.which("kubectl") or "kubectl")
    p.add_argument("--sizes", default="1000,2000,10000")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--startup-reps", type=int, default=30)
    p.add_argument("--work", help="keep generated specs here (reused between runs)")
    p.add_argument("--only", choices=["import", "startup"])
    args = p.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.bin = os.path.abspath(args.bin)
    work = args.work or tempfile.mkdtemp(prefix="vmmigrate-bench-")
    os.makedirs(work, exist_ok=True)
    env = kubectl_env(work)
    kubectl_version = subprocess.run([args.kubectl, "version", "--client"], capture_output=True,
                                     text=True, env=env).stdout.splitlines()[0:1]

    load0 = fmt_load()
    print(f"Machine: {machine()}; {', '.join(kubectl_version)}; threads: "
          f"{os.environ.get('VMMIGRATE_THREADS', 'all cores')}")
    print("Ratio = kubectl-vmmigrate time / kubectl time in the same run (below 1: faster than kubectl).")
    if args.only in (None, "import"):
        rows = bench_import(args, work, env)
        print()
        print("| VMs | runs | kubectl-vmmigrate import | VMs/s | peak RSS | kubectl label --local | VMs/s | peak RSS | import/kubectl |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n, reps, ours, theirs, mo, mt, _, _, _ in rows:
            print(f"| {n:,} | {reps} | {ours:.3f} s | {n / ours:,.0f} | {mo / 1024:.1f} MiB "
                  f"| {theirs:.3f} s | {n / theirs:,.0f} | {mt / 1024:.1f} MiB | {ours / theirs:.3f} |")
        print()
        print("| VMs | input files, bytes read | bytes written | read + write floor | import | import/floor | CPU: import / kubectl / floor |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for n, _, ours, _, _, _, floor, size, (c_ours, c_theirs, c_floor) in rows:
            specs = os.path.join(work, f"specs-{n}")
            files = [os.path.join(d, f) for d, _, fs in os.walk(specs) for f in fs]
            read = sum(os.path.getsize(f) for f in files)
            print(f"| {n:,} | {len(files):,} files, {read / 2**20:.1f} MiB | {size / 2**20:.1f} MiB "
                  f"| {floor:.3f} s | {ours:.3f} s | {ours / floor:.2f} "
                  f"| {c_ours:.3f} / {c_theirs:.3f} / {c_floor:.3f} s (import/kubectl {c_ours / c_theirs:.3f}) |")
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            (n0, _, a0, b0, ma0, mb0), (n1, _, a1, b1, ma1, mb1) = first[:6], last[:6]
            print(f"\nGrowth from {n0:,} to {n1:,} VMs (x{n1 / n0:g}): time x{a1 / a0:.1f} "
                  f"(kubectl x{b1 / b0:.1f}), peak RSS x{ma1 / ma0:.2f} "
                  f"({ma0 / 1024:.1f} -> {ma1 / 1024:.1f} MiB; kubectl x{mb1 / mb0:.1f}).")
    if args.only in (None, "startup"):
        rows = bench_startup(args, work, env)
        print()
        print(f"| start-up ({args.startup_reps} runs each) | kubectl-vmmigrate | kubectl version --client | ratio | peak RSS (ours / kubectl) |")
        print("|---|---:|---:|---:|---:|")
        for label, ours, theirs, mo, mt in rows:
            print(f"| `kubectl-vmmigrate {label}` | {ours * 1000:.1f} ms | {theirs * 1000:.1f} ms "
                  f"| {ours / theirs:.3f} | {mo / 1024:.1f} / {mt / 1024:.1f} MiB |")
    print(f"\nLoad average (1, 5, 15 min) at the start: {load0}; at the end: {fmt_load()}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
