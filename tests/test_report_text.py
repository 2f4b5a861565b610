"""The report's front page says what the data are: synthetic, MLIP-level, and what is missing."""

from types import SimpleNamespace

import jinja2
from conftest import ROOT


def _render(**data):
    config = {"data": {"table": "t.csv", "label": "L", "synthetic": False, "mlip": False,
                       "absent": [], **data},
              "filter": {"threshold": 0.8}, "tune": {"algorithms": {"ridge": {}}},
              "split": {"folds": 10, "group_by": "compound"},
              "search": {"max_size": None, "rank_by": "cv_rmse"},
              "repeats": {"splits": 5, "seeds": 1}, "verdict": {"permutations": 3}}
    text = (ROOT / "report" / "workflow.rst").read_text()
    return jinja2.Template(text).render(snakemake=SimpleNamespace(config=config))


def test_plain_dft_table_has_no_warnings():
    page = _render()
    assert "warning" not in page and "missing" not in page


def test_mlip_table_is_labelled_and_missing_descriptors_are_listed():
    page = _render(mlip=True, absent=["E_g", "BC_O"])
    assert "machine-learned interatomic potential" in page and "not from DFT" in page
    assert "Descriptors missing from this table** (2 of the catalogue): E_g, BC_O" in page


def test_synthetic_table_is_labelled():
    assert "SYNTHETIC" in _render(synthetic=True)
