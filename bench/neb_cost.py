"""Force evaluations, CPU and barriers of the NEB band with each optimiser, on the same relaxed
end states in one run, one torch thread (the store's label potential, SevenNet-0).

    .venv/bin/python bench/neb_cost.py [--optimizers fire ode] [--compile] [--cases ...]

Each case is a compound, a mechanism and an edge of the label potential's host in the store
(`data/antiperovskites_mlip/hosts/sevennet/`), with the default config's NEB settings. The
end states are relaxed once; each optimiser then runs the band from the same IDPP start. The
first optimiser is the reference: every row prints the ratio of its force evaluations and CPU
seconds to the reference's, and the change of both barriers (the cut is kept only within
10 meV). `--compile` runs every optimiser again with the model through torch.compile, after
one untimed call that compiles it (a build compiles once per process). Needs the [data] extra.
"""

import argparse
import platform
import time
from pathlib import Path

import yaml

from barrierml.config import check_config
from barrierml.data.mlip import campaign, neb, store
from barrierml.data.mlip.compositions import species
from barrierml.data.mlip.potential import calculator, version

ROOT = Path(__file__).resolve().parents[1]
CASES = ["Li3OBr:vacancy:0", "Li3OCl:vacancy:0", "Li3OCl:interstitial:0", "Na3OBr:vacancy:0",
         "Na3OBr:interstitial:0", "Na3SCl:interstitial:2", "K3SI:vacancy:0",
         "K3SI:interstitial:4"]


def ends(case, builder, calc):
    """(relaxed initial, relaxed final, settings, label) of one case."""
    composition, mechanism, edge = case.split(":")
    host = store.read(store.host_path(ROOT / builder["store"], builder["label"], composition))
    settings = campaign.Plan(builder).settings(mechanism)
    prim = campaign.host_atoms(host)
    n, _, hop = neb._hop(prim, host["paths"][int(edge)], mechanism, species(composition)[1],
                         calc, settings)
    initial, final, sites = neb._starts(*hop, [0.0])[:3]
    neb.relax_ends(initial, final, sites, mechanism, calc, settings)
    return initial, final, settings, f"{case} ({'x'.join(map(str, n))}, {len(initial)} atoms)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--optimizers", nargs="+", default=list(neb.OPTIMIZERS))
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--cases", nargs="+", default=CASES)
    args = parser.parse_args()
    builder = check_config(yaml.safe_load((ROOT / "config.yaml").read_text()))["data"]["builder"]
    calc = calculator(builder["label"], 1)
    calcs = {name: calc for name in args.optimizers}
    if args.compile:
        compiled = calculator(builder["label"], 1, compiled=True)
        calcs.update({f"{name}, compiled": compiled for name in args.optimizers})
    print(f"# {platform.processor() or platform.machine()}, {time.strftime('%Y-%m-%d')}, "
          f"{version(builder['label'])}, 1 thread; reference: {args.optimizers[0]}")
    print("| case | optimiser | evaluations | CPU s | converged | residual eV/Å | "
          "barriers meV fwd / rev | vs reference: evaluations, CPU, barrier change meV |")
    print("|---|---|---|---|---|---|---|---|")
    totals = {name: [0, 0.0] for name in calcs}
    for case in args.cases:
        initial, final, settings, label = ends(case, builder, calc)
        reference = None
        for name, model in calcs.items():
            start = initial.copy()
            start.calc = model
            start.get_forces()  # compiles a compiled model for this cell, untimed
            clock = time.process_time()
            result = neb.band(start, final.copy(), model, settings["images"],
                              settings["fmax"], settings["band_steps"],
                              optimizer=name.split(",")[0])
            cpu = time.process_time() - clock
            energies = result["energies"]
            barriers = 1000 * (energies.max() - energies[0]), 1000 * (energies.max() - energies[-1])
            row = (result["evaluations"], cpu, barriers)
            reference = reference or row
            totals[name][0] += result["evaluations"]
            totals[name][1] += cpu
            change = " / ".join(f"{b - r:+.1f}" for b, r in zip(barriers, reference[2]))
            print(f"| {label} | {name} | {result['evaluations']} | {cpu:.0f} | "
                  f"{result['converged']} | {result['residual_eV_A']:.3f} | "
                  f"{barriers[0]:.1f} / {barriers[1]:.1f} | {reference[0] / row[0]:.2f}x, "
                  f"{reference[1] / cpu:.2f}x, {change} |", flush=True)
    first = totals[args.optimizers[0]]
    for name, (evaluations, cpu) in totals.items():
        print(f"# all cases, {name}: {evaluations} evaluations, {cpu:.0f} s CPU; "
              f"{first[0] / evaluations:.2f}x fewer evaluations, {first[1] / cpu:.2f}x less CPU "
              f"than {args.optimizers[0]}")


if __name__ == "__main__":
    main()
