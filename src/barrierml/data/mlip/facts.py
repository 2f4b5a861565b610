"""What the builder's table is, written beside it (`<table>.facts.yaml`) for the loader to read."""

# Descriptors that need DFT electronic structure: the builder does not compute them.
ABSENT = ["E_g", "eps_e", "eps_i", "eps", "alpha_bar", "BC_C", "BEC_C", "BC_O", "BEC_O",
          "BC_F", "BEC_F"]
LABEL = "MLIP-level anti-perovskite barriers (CHGNet NEB, not DFT)"


def facts(label=LABEL, geometry=None):
    """The facts of any table the builder writes: MLIP barriers, the DFT-only descriptors absent,
    and, where a mechanism's barriers (and so its geometry and E_f) come from another potential
    than the host's, `geometry`: {mechanism: potential}."""
    out = {"mlip": True, "synthetic": False, "label": label, "absent": list(ABSENT)}
    return {**out, "geometry": dict(geometry)} if geometry else out
