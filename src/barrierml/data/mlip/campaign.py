"""Budgeted, resumable builds of the barrier store (`make dataset BUDGET=2h`).

Work runs in priority order: the host structures relaxed with the host potential (the base
build's descriptors), the same hosts relaxed with the label potential (its bands start from its
own minimum: ends relaxed in another potential's cell are often not minima), the label
potential's bcc-metal references, then its bands on its own hosts, vacancy for every compound
first, then interstitial. A step whose record is
in the store with the key it would be computed with is skipped. A band starts only if its
estimated CPU time (the median of finished bands of its cation and mechanism) still fits the
budget; a band that has started always finishes, and each record is written whole.
"""

import socket
import statistics
import time
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from ase import Atoms

from barrierml.data.mlip import neb, store
from barrierml.data.mlip.compositions import NEB_MECHANISMS, compositions, species
from barrierml.data.mlip.compositions import mechanism_settings as settings_of

DEFAULT_CPU_S = {"host": 120.0, "reference": 30.0, "band": 600.0}


def parse_budget(text):
    """Seconds of a budget such as '2h', '90m', '45s' or '3600' (0: start nothing, only
    assemble the table); None for no budget."""
    if text in (None, "", "none"):
        return None
    text = str(text).strip().lower()
    units = {"h": 3600, "m": 60, "s": 1}
    scale = units.get(text[-1], 1)
    number = text[:-1] if text[-1] in units else text
    try:
        seconds = float(number) * scale
    except ValueError:
        raise ValueError(f"budget {text!r} is not a duration: write e.g. 2h, 90m or 600s") from None
    if seconds < 0:
        raise ValueError(f"budget {text!r} must not be negative")
    return seconds


def host_key(composition, builder, version):
    return store.key({"composition": composition, "structure": builder["structure"],
                      "potential": version})


def band_key(host, edge, mechanism, settings, version):
    """What decides a band: the host cell, the hop, the mechanism's settings, the band
    algorithm's version and the potential."""
    return store.key({"structure": store.key(host["structure"]), "path": host["paths"][edge],
                      "mechanism": mechanism, "settings": settings, "method": neb.METHOD,
                      "potential": version})


def host_atoms(host):
    """The relaxed primitive cell of a host record."""
    cell = host["structure"]
    return Atoms(numbers=cell["numbers"], cell=cell["cell"], positions=cell["positions"],
                 pbc=True)


@dataclass
class Plan:
    """The builder's settings as the store sees them."""
    builder: dict

    @property
    def root(self):
        return self.builder["store"]

    @property
    def compositions(self):
        b = self.builder
        return compositions(b["cations"], b["chalcogens"], b["halogens"])

    def settings(self, mechanism):
        return settings_of(mechanism, self.builder["neb"], self.builder["dumbbell"])

    @property
    def host_potentials(self):
        """The potentials whose hosts the store holds: the host potential, then the label's."""
        return list(dict.fromkeys([self.builder["potential"], self.builder["label"]]))

    def host(self, composition, version, potential=None):
        """The host record of `potential` (default: the host potential) if the store holds it
        with the current key, else None."""
        path = store.host_path(self.root, potential or self.builder["potential"], composition)
        return store.lookup(path, host_key(composition, self.builder, version))

    def band(self, host, edge, mechanism, version):
        """(path, key, record or None) of one band of the label potential."""
        path = store.band_path(self.root, self.builder["label"], host["composition"],
                               mechanism, edge)
        wanted = band_key(host, edge, mechanism, self.settings(mechanism), version)
        return path, wanted, store.lookup(path, wanted)

    def finished_bands(self, host, version):
        """(path, record) of every band of `host` the store holds with the current key."""
        for mechanism in NEB_MECHANISMS:
            for edge in range(len(host["paths"])):
                path, _, record = self.band(host, edge, mechanism, version)
                if record is not None:
                    yield path, record


def compute_host(composition, builder, potential, calc, version):
    """Relax the cubic and tilted cells with `potential`, keep the lower, enumerate its
    symmetry-distinct edges."""
    from barrierml.data.mlip.paths import distinct_paths
    from barrierml.data.mlip.structures import ground_phase

    clock = time.process_time()
    x, a, z = species(composition)
    prim, phase = ground_phase(x, a, z, calc, builder["structure"])
    paths = distinct_paths(prim, x, a, builder["structure"]["symprec"])
    phase.update({"edges": len(paths), "paths": sum(1 + p["reverse_distinct"] for p in paths)})
    return {"key": host_key(composition, builder, version), "composition": composition,
            "potential": potential, "version": version,
            "structure": store.structure_fields(prim), "phase": phase, "paths": paths,
            "cpu_s": round(time.process_time() - clock, 1)}


def compute_reference(cation, builder, calc, version):
    """The bcc metal's relaxed energy per atom: the chemical potential of E_f."""
    from barrierml.data.mlip.properties import reference, relaxed_energy_per_formula

    clock = time.process_time()
    settings = builder["structure"]
    energy, ok, _ = relaxed_energy_per_formula(reference("metal", cation), calc, 1,
                                               settings["fmax"], settings["steps"])
    return {"key": reference_key(cation, builder, version), "cation": cation,
            "version": version, "metal_eV_per_atom": energy, "relaxed": ok,
            "cpu_s": round(time.process_time() - clock, 1)}


def reference_key(cation, builder, version):
    return store.key({"cation": cation, "structure": builder["structure"], "potential": version})


def compute_band(host, edge, mechanism, settings, calc, version, wanted):
    """One NEB band of the label potential, as a store record."""
    centre = species(host["composition"])[1]
    record = neb.run(host_atoms(host), host["paths"][edge], mechanism, centre, calc, settings)
    return {**record, "key": wanted, "composition": host["composition"], "mechanism": mechanism,
            "edge": edge, "version": version, "settings": settings}


def _estimate(done, kind, cation=None, detail=None):
    """CPU seconds expected of one piece of work of `kind` (for a band, `detail` is its
    mechanism; for a host, its potential): the median of finished work of the same cation and
    detail. Without it, the cation's median scaled by how `detail` compares with the other
    work of the cations that have both (a dumbbell costs several vacancy bands), else the
    median of `detail`, of the kind, or a default."""
    def median(c=None, d=None):
        times = [cpu for (k, kc, kd), cpu in done
                 if k == kind and c in (None, kc) and d in (None, kd)]
        return statistics.median(times) if times else None

    exact = median(cation, detail)
    if exact is not None:
        return exact
    ratios = [own / median(c) for c in {kc for (k, kc, _), _ in done if k == kind}
              if (own := median(c, detail)) is not None]
    base = median(cation)
    if base is not None and ratios:
        return base * statistics.median(ratios)
    return median(None, detail) or median() or DEFAULT_CPU_S[kind]


def finished_times(plan, versions):
    """((kind, cation, mechanism or potential), CPU seconds) of every current record in the
    store; `versions` maps each potential to its version."""
    done = []
    for composition in plan.compositions:
        cation = species(composition)[0]
        hosts = {potential: plan.host(composition, versions[potential], potential)
                 for potential in plan.host_potentials}
        for potential, host in hosts.items():
            if host is not None:
                done.append((("host", cation, potential), host["cpu_s"]))
        host = hosts[plan.builder["label"]]  # the bands run in the label's own host
        if host is None:
            continue
        for _, record in plan.finished_bands(host, versions[plan.builder["label"]]):
            done.append((("band", cation, record["mechanism"]), record["cpu_s"]))
    return done


def stamped(line, tag=""):
    """Print a build's log line with the time (and a worker's tag)."""
    print(time.strftime("%H:%M:%S ") + tag + line, flush=True)


def _make(path, wanted, compute):
    """(record, whether this build computed it) for the record at `path` with key `wanted`:
    (None, False) if another process holds its claim. The record is written before the claim
    is dropped."""
    if not store.claim(path):
        return None, False
    try:
        record = store.lookup(path, wanted)  # another build may have just finished it
        if record is not None:
            return record, False
        record = compute()
        store.write(path, record)
        return record, True
    finally:
        store.release(path)


def build(builder, budget_s=None, log=stamped, calculators=None, jobs=1):
    """Fill the store in priority order within `budget_s` seconds of wall time (None: all).
    `calculators(name)` gives an ASE calculator for a potential (default: one torch thread).
    With `jobs` > 1, that many worker processes build side by side, each logging its own
    tagged lines; a record another build has claimed is passed over. Returns the number of
    records written."""
    if jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")  # torch does not survive a fork
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            workers = [pool.submit(build, builder, budget_s,
                                   partial(stamped, tag=f"[{k}] "), calculators)
                       for k in range(1, jobs + 1)]
            return sum(worker.result() for worker in workers)
    from barrierml.data.mlip.potential import calculator, version

    plan = Plan(builder)
    calc = cache(calculators or (lambda name: calculator(name, 1, builder["compile"])))
    versions = {name: version(name) for name in plan.host_potentials}
    label_version = versions[builder["label"]]
    start = time.monotonic()
    done = finished_times(plan, versions)
    written = 0

    def fits(estimate):
        return budget_s is None or time.monotonic() - start + estimate <= budget_s

    def stop(what, estimate):
        left = max(0.0, budget_s - (time.monotonic() - start))
        log(f"budget: {what} would need about {estimate / 60:.0f} min, {left / 60:.0f} min "
            "are left; stopping")
        return written

    def held(what, path):
        holder = store.holder(path)
        hint = ("" if holder.split()[:1] == [socket.gethostname()] else
                f". If that build is gone from its machine, delete {store.claim_path(path)}")
        log(f"{what}: process {holder or '?'} is computing it; passing over{hint}")

    hosts = {}
    for potential in plan.host_potentials:
        for composition in plan.compositions:
            host = plan.host(composition, versions[potential], potential)
            if host is None:
                cation = species(composition)[0]
                estimate = _estimate(done, "host", cation, potential)
                if not fits(estimate):
                    return stop(f"the {potential} host of {composition}", estimate)
                path = store.host_path(plan.root, potential, composition)
                host, made = _make(
                    path,
                    host_key(composition, builder, versions[potential]),
                    partial(compute_host, composition, builder, potential, calc(potential),
                            versions[potential]))
                if host is None:
                    held(f"the {potential} host of {composition}", path)
                elif made:
                    done.append((("host", cation, potential), host["cpu_s"]))
                    written += 1
                    log(f"{potential} host {composition}: {host['phase']['phase']} "
                        f"{host['phase']['space_group']}, {len(host['paths'])} edges, "
                        f"{host['cpu_s']:.0f} s CPU")
            hosts[composition] = host  # the label's host, the last potential, stays
    for cation in builder["cations"]:
        path = store.reference_path(plan.root, builder["label"], cation)
        wanted = reference_key(cation, builder, label_version)
        if store.lookup(path, wanted) is not None:
            continue
        record, made = _make(path, wanted, partial(
            compute_reference, cation, builder, calc(builder["label"]), label_version))
        if made:
            written += 1
            log(f"reference {builder['label']} bcc {cation}: "
                f"{record['metal_eV_per_atom']:.4f} eV/atom")
    tasks = [(mechanism, composition, edge) for mechanism in NEB_MECHANISMS
             for composition in plan.compositions if hosts[composition] is not None
             for edge in range(len(hosts[composition]["paths"]))]
    for number, (mechanism, composition, edge) in enumerate(tasks, 1):
        host = hosts[composition]
        path, wanted, record = plan.band(host, edge, mechanism, label_version)
        if record is not None:
            continue
        cation = species(composition)[0]
        estimate = _estimate(done, "band", cation, mechanism)
        if not fits(estimate):
            return stop(f"{mechanism} {composition} edge {edge}", estimate)
        record, made = _make(path, wanted, partial(
            compute_band, host, edge, mechanism, plan.settings(mechanism),
            calc(builder["label"]), label_version, wanted))
        if not made:
            if record is None:
                held(f"{mechanism} {composition} edge {edge}", path)
            continue
        done.append((("band", cation, mechanism), record["cpu_s"]))
        written += 1
        log(f"[{number}/{len(tasks)}] {builder['label']} {mechanism} {composition} edge {edge}: "
            f"{record['forward_meV']:.0f} / {record['reverse_meV']:.0f} meV, "
            f"{record['neb_steps']} steps, {record['cpu_s']:.0f} s CPU"
            f"{', ' + record['failure'] if record['failure'] else ''}")
    return written


def _edges_guess(root):
    """Edges per compound of an earlier build (its compounds.csv in the store's root), for
    compounds whose host is not computed yet."""
    import pandas as pd

    path = Path(root) / "chgnet" / "compounds.csv"
    if not path.exists():
        return {}
    frame = pd.read_csv(path)
    return dict(zip(frame["composition"], frame["edges"]))


def status(builder):
    """Markdown lines: done / total, failed checks, CPU hours and an estimate of what is left,
    per potential and kind of record (`make dataset-status`; the data card has the same)."""
    from barrierml.data.mlip.potential import version

    plan = Plan(builder)
    versions = {name: version(name) for name in plan.host_potentials}
    label_version = versions[builder["label"]]
    done = finished_times(plan, versions)
    guess = _edges_guess(plan.root)
    header = ("| potential | records | done / total | by cation | failed a check | CPU h | "
              "left, estimated h |")
    lines = [header, "|---|---|---|---|---|---|---|"]
    for potential in plan.host_potentials:
        hosts = {c: plan.host(c, versions[potential], potential) for c in plan.compositions}
        have = [h for h in hosts.values() if h is not None]
        left = sum(_estimate(done, "host", species(c)[0], potential)
                   for c, h in hosts.items() if h is None)
        lines.append(f"| {potential} | hosts | {len(have)} / {len(hosts)} | – | – | "
                     f"{sum(h['cpu_s'] for h in have) / 3600:.2f} | {left / 3600:.1f} |")
    for mechanism in NEB_MECHANISMS:
        failed = 0
        cpu = left = 0.0
        cations = {c: [0, 0] for c in builder["cations"]}  # done, total
        for composition, host in hosts.items():
            cation = species(composition)[0]
            edges = len(host["paths"]) if host else int(guess.get(composition, 6))
            cations[cation][1] += edges
            for edge in range(edges):
                record = plan.band(host, edge, mechanism, label_version)[2] if host else None
                if record is None:
                    left += _estimate(done, "band", cation, mechanism)
                    continue
                cations[cation][0] += 1
                cpu += record["cpu_s"]
                failed += bool(neb.failure(record, record["settings"]))
        count, total = (sum(n[k] for n in cations.values()) for k in (0, 1))
        by = ", ".join(f"{c} {n[0]} / {n[1]}" for c, n in cations.items())
        lines.append(f"| {builder['label']} | {mechanism} bands | {count} / {total} | {by} | "
                     f"{failed} | {cpu / 3600:.2f} | {left / 3600:.1f} |")
    return lines


STATUS = ("<!-- store status: make dataset-status writes this block -->", "<!-- end of store status -->")


def write_status(builder, lines):
    """Put the status lines into the data card (`<store>.md`) between its two markers."""
    card = Path(builder["store"]).with_suffix(".md")
    if not card.exists():
        return
    text = card.read_text()
    if STATUS[0] not in text or STATUS[1] not in text:
        return
    head, rest = text.split(STATUS[0], 1)
    tail = rest.split(STATUS[1], 1)[1]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    card.write_text(f"{head}{STATUS[0]}\nStore status on {stamp}:\n\n" + "\n".join(lines)
                    + f"\n{STATUS[1]}{tail}")
