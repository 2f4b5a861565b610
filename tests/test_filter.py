import numpy as np
import pandas as pd

from barrierml.filter import filter_descriptors, pearson


def _frame(seed=0, n=400):
    rng = np.random.default_rng(seed)
    a, x, z = rng.normal(size=(3, n))
    b = 0.95 * a + 0.3 * rng.normal(size=n)        # b ~ a
    c = 0.95 * b + 0.3 * rng.normal(size=n)        # c ~ b, weaker with a
    y = -0.9 * x + 0.2 * rng.normal(size=n)        # y ~ x (negative)
    return pd.DataFrame({"a": a, "b": b, "c": c, "x": x, "y": y, "z": z})


def test_keeps_the_preferred_member_of_each_group():
    rho = pearson(_frame())
    retained, dropped = filter_descriptors(rho, ["y", "c", "z"], 0.8)
    # y is preferred over x; c over b and a; z stands alone.
    assert set(retained) == {"y", "c", "z"}
    assert dict(zip(dropped["dropped"], dropped["kept"])) == {"a": "c", "b": "c", "x": "y"}
    row = dropped.set_index("dropped").loc["x"]
    assert row["rho"] == rho.loc["x", "y"] and row["rho"] < -0.8


def test_a_chain_drops_with_its_group_as_in_table_1():
    rho = pearson(_frame())
    assert abs(rho.loc["a", "c"]) < abs(rho.loc["b", "c"])
    # Preference a, then b, then c: c goes with b, which went with a.
    retained, dropped = filter_descriptors(rho, ["a", "b", "c"], 0.8)
    assert "b" not in retained and "c" not in retained and "a" in retained
    assert set(dropped.loc[dropped["dropped"] == "c", "kept"]) == {"a"}


def test_threshold_controls_redundancy_and_retained_are_below_it():
    rho = pearson(_frame(1))
    for threshold in (0.5, 0.8, 0.95, 1.0):
        retained, dropped = filter_descriptors(rho, [], threshold)
        block = rho.loc[retained, retained].abs().to_numpy().copy()
        np.fill_diagonal(block, 0)
        assert block.max() < threshold
        assert len(retained) + len(dropped) == rho.shape[0]
