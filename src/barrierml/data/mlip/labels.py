"""The default table from the base build and the barrier store.

The base build (`<store>/chgnet/`: CHGNet barriers and every descriptor, built 2026-11-27) gives
the rows until the label potential has a record for every band of a mechanism; from then on
that mechanism's rows are the hops whose label band passes every check, with the label's
barrier, E_f (the label's energies and bcc-metal reference) and geometry (the host relaxed with
the label potential, on which its bands ran). Labels never mix inside one mechanism. Every row
keeps the base barrier beside the label's (`barrier_<potential>_meV`, NaN where that
potential's band failed or where the two potentials' hosts do not have the same hops), and
`barrier_uncertainty_meV` is their difference where both exist.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from barrierml.data.mlip import descriptors, store
from barrierml.data.mlip.assemble import formation_energy, judge, start
from barrierml.data.mlip.campaign import Plan, host_atoms, reference_key
from barrierml.data.mlip.compositions import NEB_MECHANISMS, species
from barrierml.data.mlip.potential import NAMES

BASE = "chgnet"  # the base build's potential and folder under the store's root
COMPOUND_PROPERTIES = ("B", "omega_LEO", "E_d")  # from the base build's compounds.csv


def hops(host):
    """(edge, path_id, reverse) of every symmetry-distinct directed hop of a host."""
    for edge, path in enumerate(host["paths"]):
        directions = [("f", False), ("r", True)] if path["reverse_distinct"] else [("", False)]
        for tag, reverse in directions:
            yield edge, f"e{edge}{tag}", reverse


def label_bands(plan, hosts, mechanism, label_version):
    """{(compound, path_id): (record, reverse)} of the label's current records, and whether
    every band of the mechanism has one."""
    found, complete = {}, True
    for composition in plan.compositions:
        host = hosts.get(composition)
        if host is None:
            complete = False
            continue
        for edge, path_id, reverse in hops(host):
            record = plan.band(host, edge, mechanism, label_version)[2]
            if record is None:
                complete = False
            else:
                found[(composition, path_id)] = (record, reverse)
    return found, complete


def same_hops(base, label):
    """Whether two hosts of a compound have the same hops (same phase, same edges in the same
    order), so a path id names the same hop in both."""
    return (base is not None and label is not None
            and base["phase"]["space_group"] == label["phase"]["space_group"]
            and base["paths"] == label["paths"])


def _label_row(host, edge, reverse, record, mechanism, mu, compound_row, value):
    """A table row computed from the host and the label's band (descriptors as the base
    build computes them; B, ω_LEO and E_d from the base build's compound summary)."""
    x, a, z = species(host["composition"])
    prim = host_atoms(host)
    path = host["paths"][edge]
    return {**descriptors.compound(prim, x, a, z),
            **{k: compound_row[k] for k in COMPOUND_PROPERTIES},
            "phase": host["phase"]["phase"], "space_group": host["phase"]["space_group"],
            **descriptors.hop(prim, path, x, a, z, reverse),
            "E_f": formation_energy(record, mechanism, reverse, mu),
            "barrier_meV": value, "multiplicity": path["multiplicity"],
            "supercell": record["supercell"], "neb_steps": record["neb_steps"],
            "start": start(record)}


def assemble(builder, checks, label_version, host_version):
    """(table, failures, summary) of the default table; `checks` are the NEB checks and the
    ceiling the table judges records by. `summary[mechanism]` says which potential labels it
    and how many of the label's bands are in the store."""
    plan = Plan(builder)
    root, label = Path(plan.root), builder["label"]
    base = pd.read_csv(root / BASE / "antiperovskites.csv")
    base_failures = pd.read_csv(root / BASE / "failures.csv")
    compounds = pd.read_csv(root / BASE / "compounds.csv").set_index("composition")
    hosts = {c: plan.host(c, label_version, label) for c in plan.compositions}
    hosts = {c: h for c, h in hosts.items() if h is not None}
    paired = {c for c, h in hosts.items() if same_hops(plan.host(c, host_version), h)}
    column = f"barrier_{label}_meV"
    tables, failures, summary = [], [], {}
    for mechanism in NEB_MECHANISMS:
        found, complete = label_bands(plan, hosts, mechanism, label_version)
        values = {hop: _value(record, reverse, checks) for hop, (record, reverse) in found.items()}
        ours = base[base["mechanism"] == mechanism].copy()
        chgnet = dict(zip(zip(ours["compound"], ours["path_id"]), ours["barrier_meV"]))
        source = label if complete and label != BASE else BASE
        if source == label:
            rows, lost = [], []
            for composition, host in hosts.items():
                cation = species(composition)[0]
                mu = store.lookup(store.reference_path(root, label, cation),
                                  reference_key(cation, builder, label_version))
                if mu is None:
                    raise ValueError(f"the store has no current {label} bcc {cation} reference: "
                                     "run make dataset")
                for edge, path_id, reverse in hops(host):
                    record = found[(composition, path_id)][0]
                    value, reason = values[(composition, path_id)]
                    ident = {"compound": composition, "mechanism": mechanism, "path_id": path_id}
                    if reason:
                        lost.append({**ident, "reason": f"{NAMES[label]}: {reason}"})
                        continue
                    rows.append({**ident, **_label_row(
                        host, edge, reverse, record, mechanism, mu["metal_eV_per_atom"],
                        compounds.loc[composition], value),
                        "neb_residual_eV_A": record["residual_eV_A"]})
            ours = pd.DataFrame(rows) if rows else ours.iloc[:0].copy()
            failures.append(pd.DataFrame(lost, columns=base_failures.columns))
        else:
            failures.append(base_failures[base_failures["mechanism"] == mechanism])
        ours["potential"] = source
        keys = list(zip(ours["compound"], ours["path_id"]))
        ours[f"barrier_{BASE}_meV"] = [chgnet.get(k, np.nan) if source == BASE or k[0] in paired
                                       else np.nan for k in keys]
        ours[column] = [_passing(values, k) if source == label or k[0] in paired else np.nan
                        for k in keys]
        ours["barrier_uncertainty_meV"] = (ours[column] - ours[f"barrier_{BASE}_meV"]).abs()
        tables.append(ours)
        summary[mechanism] = {"potential": source, "label_bands": len(found),
                              "complete": complete}
    return (_in_build_order(pd.concat(tables), plan), _in_build_order(pd.concat(failures), plan),
            summary)


def _in_build_order(frame, plan):
    """Rows as the builder writes them: by compound, edge, direction, then mechanism."""
    order = {c: k for k, c in enumerate(plan.compositions)}
    edge = frame["path_id"].str.extract(r"e(\d+)(\w?)")
    keys = pd.DataFrame({"c": frame["compound"].map(order), "e": edge[0].astype(int),
                         "d": edge[1], "m": frame["mechanism"].map(NEB_MECHANISMS.index)})
    return frame.iloc[keys.reset_index(drop=True).sort_values(
        ["c", "e", "d", "m"], kind="stable").index].reset_index(drop=True)


def _passing(values, hop):
    """The label's barrier of a hop, NaN without a record or when its band failed a check."""
    value, reason = values.get(hop, (np.nan, "no record"))
    return np.nan if reason else value


def _value(record, reverse, checks):
    """(barrier of the directed hop, reason it is no row or '')."""
    reason = judge(record, checks)
    return record["reverse_meV"] if reverse else record["forward_meV"], reason


def describe(summary):
    """The table's label: which potential gives each mechanism's barriers."""
    names = {m: NAMES[s["potential"]] for m, s in summary.items()}
    if len(set(names.values())) == 1:
        return f"MLIP-level anti-perovskite barriers ({next(iter(names.values()))} NEB, not DFT)"
    parts = ", ".join(f"{m}: {name}" for m, name in names.items())
    return f"MLIP-level anti-perovskite barriers ({parts}; NEB, not DFT)"


def write(builder):
    """Assemble the default table from the store and write it, its failures and its facts
    into the store's root; returns the summary."""
    import yaml

    from barrierml.data.mlip.compositions import table_checks
    from barrierml.data.mlip.facts import facts
    from barrierml.data.mlip.potential import version

    root = Path(builder["store"])
    table, failures, summary = assemble(builder, table_checks(builder),
                                        version(builder["label"]), version(builder["potential"]))
    first = list(pd.read_csv(root / BASE / "antiperovskites.csv", nrows=0).columns)
    table = table[first + [c for c in table.columns if c not in first]]
    store.replace(root / "antiperovskites.csv",
                  table.to_csv(index=False, float_format="%.6g").encode())
    store.replace(root / "failures.csv", failures.to_csv(index=False).encode())
    store.replace(root / "antiperovskites.facts.yaml", (
        "# What antiperovskites.csv is, read by the workflow when config data.mlip/absent/label "
        "are null\n# (written by `make dataset` with the table; card: ../antiperovskites_mlip.md)."
        "\n" + yaml.safe_dump(facts(describe(summary), {
            m: line["potential"] for m, line in summary.items()}), sort_keys=False)).encode())
    return summary
