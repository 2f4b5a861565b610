"""A SYNTHETIC anti-perovskite table with the paper's layout, for the default run and the tests.

Nothing here is DFT. Elemental radii, masses and electronegativities are textbook values; every
other descriptor is drawn from stated distributions, and each redundant descriptor is built to
correlate with the one the paper kept in its place (Table 1). Barriers follow PLANTED formulas:

    vacancy      E = 262 + 110 z(CCD) - 70 tanh(1.5 z(PW)) - 50 tanh(2 z(α_F)) + ε,  ε ~ N(0, 30)
    interstitial E = 150 - 60 max(z(PW) + 0.5, 0) + 45 z(E_f) + 30 tanh(z(I_C-Ch)) + ε, ε ~ N(0, 18)

in meV, where z() standardises over the mechanism's rows; barriers are clipped at 5 meV. The
saturating and threshold terms echo the shapes of the paper's ICE plots (Figs 8, S3).
"""

import itertools

import numpy as np
import pandas as pd

from barrierml.rng import generator

CATIONS = ("Li", "Na", "K")
CHALCOGENS = ("O", "S", "Se")
HALOGENS = ("F", "Cl", "Br", "I")
# Shannon radius (Å), atomic mass (u), Pauling electronegativity, free-ion polarizability (Å^3).
ELEMENTS = {
    "Li": (0.76, 6.94, 0.98, 0.03), "Na": (1.02, 22.99, 0.93, 0.18), "K": (1.38, 39.10, 0.82, 0.83),
    "O": (1.40, 16.00, 3.44, 2.4), "S": (1.84, 32.06, 2.58, 5.9), "Se": (1.98, 78.97, 2.55, 7.1),
    "F": (1.33, 19.00, 3.98, 1.0), "Cl": (1.81, 35.45, 3.16, 3.0), "Br": (1.96, 79.90, 2.96, 4.2),
    "I": (2.20, 126.90, 2.66, 6.2),
}
PLANTED = {"vacancy": ("CCD", "PW", "alpha_F"), "interstitial": ("PW", "E_f", "I_C_Ch")}
# Redundant descriptor -> (descriptor the paper kept, built correlation); |ρ| ≥ 0.88 for margin.
REDUNDANT = {
    "V_octa": ("V_a", 0.98), "alpha_bar": ("V_a", 0.97), "B": ("V_a", -0.90),
    "E_g": ("B", 0.90), "omega_LEO": ("B", 0.90), "eps": ("eps_i", 0.99),
    "COD": ("CCD", 0.92), "AAD": ("CCD", 0.92), "CFD": ("AAD", 0.96),
    "PW_c": ("PW", 0.90), "PW_2c": ("PW", 0.90), "D_i": ("PW", 0.90), "PF_A": ("PW", -0.90),
    "BEC_F": ("BEC_O", -0.90), "I_Ch_H": ("I_C_H", 0.90),
}
SCALE = {  # (mean, std) of each redundant descriptor in its physical unit
    "V_octa": (13.0, 4.0), "alpha_bar": (2.0, 0.5), "B": (35.0, 10.0), "E_g": (4.0, 1.2),
    "omega_LEO": (3.0, 0.8), "eps": (12.0, 4.0), "COD": (2.3, 0.25), "AAD": (3.6, 0.4),
    "CFD": (3.2, 0.35), "PW_c": (0.45, 0.15), "PW_2c": (0.7, 0.2), "D_i": (2.0, 0.3),
    "PF_A": (0.55, 0.06), "BEC_F": (-1.2, 0.15), "I_Ch_H": (0.15, 0.08),
}


def _ionicity(en_a, en_b):
    return 1.0 - np.exp(-((en_a - en_b) ** 2) / 4.0)


def _z(x):
    return (x - x.mean()) / x.std()


def _correlated(partner, rho, rng):
    """Standardised values with exactly correlation rho to partner over these rows."""
    p = _z(partner)
    noise = rng.standard_normal(len(p))
    noise -= noise.mean() + (noise @ p) / (p @ p) * p
    noise /= noise.std()
    return rho * p + np.sqrt(1 - rho**2) * noise


def _compounds(rng):
    rows = []
    for x, a, z in itertools.product(CATIONS, CHALCOGENS, HALOGENS):
        octa, frame = sorted((a, z), key=lambda e: ELEMENTS[e][0])
        (r_c, m_c, en_c, al_c), (r_o, m_o, en_o, al_o), (r_f, m_f, en_f, al_f) = (
            ELEMENTS[x], ELEMENTS[octa], ELEMENTS[frame])
        lattice = 2 * (r_c + r_o) * (1 + 0.07 * rng.standard_normal())
        v_a = lattice**3 / 5 * (1 + 0.15 * rng.standard_normal())  # tilts change the volume
        rows.append({
            "compound": f"{x}3{a}{z}", "V_a": v_a,
            "rho_m": 1.6605 * (3 * m_c + m_o + m_f) / (5 * v_a) * (1 + 0.15 * rng.standard_normal()),
            "t": (r_f + r_c) / (np.sqrt(2) * (r_o + r_c)) + 0.02 * rng.standard_normal(),
            "eps_e": 2.5 + abs(rng.normal(1.0, 0.8)), "eps_i": 6.0 + abs(rng.normal(5.0, 4.0)),
            "r_C": r_c, "m_C": m_c, "EN_C": en_c, "alpha_C": al_c,
            "BC_C": rng.normal(0.85, 0.05), "BEC_C": rng.normal(1.15, 0.08),
            "r_O": r_o, "m_O": m_o, "EN_O": en_o, "alpha_O": al_o,
            "BC_O": rng.normal(-1.6, 0.15), "BEC_O": rng.normal(-2.2, 0.2),
            "r_F": r_f, "m_F": m_f, "EN_F": en_f, "alpha_F": al_f,
            "BC_F": rng.normal(-0.85, 0.06),
            "I_C_Ch": _ionicity(en_c, ELEMENTS[a][2]) + 0.08 * rng.standard_normal(),
            "I_C_H": _ionicity(en_c, ELEMENTS[z][2]) + 0.12 * rng.standard_normal(),
            "E_d": rng.normal(40.0, 25.0), "a": lattice,
        })
    frame = pd.DataFrame(rows)
    for ion in ("C", "O", "F"):
        # An ion's polarizability tracks its size, mass and softness (paper: |ρ| ≈ 0.94-0.98).
        size = (_z(frame[f"r_{ion}"]) + 1.5 * _z(frame[f"m_{ion}"]) - 1.5 * _z(frame[f"EN_{ion}"])).to_numpy()
        base = frame[f"alpha_{ion}"]
        spread = min(base.std(), base.mean() / 3.5)  # keeps every value positive
        frame[f"alpha_{ion}"] = base.mean() + spread * _correlated(size, 0.97, rng)
    frame["orthorhombic"] = frame["t"].rank() <= 26  # the 10 most cubic-tolerant stay cubic
    for name in ("B", "E_g", "omega_LEO", "eps", "alpha_bar", "V_octa", "BEC_F", "I_Ch_H"):
        partner, rho = REDUNDANT[name]
        mean, std = SCALE[name]
        frame[name] = mean + std * _correlated(frame[partner].to_numpy(), rho, rng)
    return frame


def _paths(compounds, mechanism, keep_fraction, rng):
    rows = []
    for c in compounds.itertuples():
        n_paths = 12 if c.orthorhombic else 1
        for p in range(n_paths):
            if n_paths > 1 and rng.random() > keep_fraction:
                continue
            distortion = 0.14 if c.orthorhombic else 0.0
            rows.append({
                "compound": c.compound, "mechanism": mechanism, "path_id": f"p{p + 1:02d}",
                "CCD": c.a / np.sqrt(2) * (1 + distortion * rng.standard_normal()),
                "PW": max(0.2, rng.normal(1.2, 0.45)),
                "CN_C": 2 if not c.orthorhombic else int(rng.choice([2, 3, 4])),
                "E_f": rng.normal(1.2 if mechanism == "vacancy" else 0.8, 0.4),
            })
    frame = pd.DataFrame(rows).merge(compounds, on="compound")
    for name in ("COD", "AAD", "CFD", "PW_c", "PW_2c", "D_i", "PF_A"):
        partner, rho = REDUNDANT[name]
        mean, std = SCALE[name]
        frame[name] = mean + std * _correlated(frame[partner].to_numpy(), rho, rng)
    return frame


def _barriers(frame, mechanism, rng):
    z = {name: _z(frame[name].to_numpy()) for name in PLANTED[mechanism]}
    if mechanism == "vacancy":
        e = (262 + 110 * z["CCD"] - 70 * np.tanh(1.5 * z["PW"]) - 50 * np.tanh(2 * z["alpha_F"])
             + rng.normal(0, 30, len(frame)))
    else:
        e = (150 - 60 * np.maximum(z["PW"] + 0.5, 0) + 45 * z["E_f"] + 30 * np.tanh(z["I_C_Ch"])
             + rng.normal(0, 18, len(frame)))
    return np.clip(e, 5.0, None)


def synthetic_table(descriptors, seed=2022):
    """The synthetic long table: ~322 vacancy and ~281 interstitial paths over 36 X3AZ compounds."""
    compounds = _compounds(generator(seed, "synthetic", "compounds"))
    parts = []
    for mechanism, keep in (("vacancy", 0.985), ("interstitial", 0.86)):
        rng = generator(seed, "synthetic", mechanism)
        frame = _paths(compounds, mechanism, keep, rng)
        frame["barrier_meV"] = _barriers(frame, mechanism, rng)
        parts.append(frame)
    table = pd.concat(parts, ignore_index=True)
    return table[["compound", "mechanism", "path_id", "barrier_meV", *descriptors]]


SHIPPED_SEED = 2  # data/synthetic_antiperovskites.csv = write_synthetic(catalogue, path, 2)


def write_synthetic(catalogue_path, out, seed=SHIPPED_SEED):
    """Write the synthetic table for the catalogue's descriptors to `out` (CSV)."""
    from barrierml.data.catalogue import load_catalogue

    columns = [d.column for d in load_catalogue(catalogue_path)]
    synthetic_table(columns, seed).to_csv(out, index=False, float_format="%.6g")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write the SYNTHETIC anti-perovskite table.")
    parser.add_argument("--catalogue", default="data/descriptors.yaml")
    parser.add_argument("--seed", type=int, default=SHIPPED_SEED)
    parser.add_argument("out")
    args = parser.parse_args()
    write_synthetic(args.catalogue, args.out, args.seed)
