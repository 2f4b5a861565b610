"""The report's front page says what the data are: synthetic, MLIP-level, and what is missing."""

from types import SimpleNamespace

import jinja2
from support import ROOT


def _config(**data):
    return {"data": {"table": "t.csv", "label": "L", "synthetic": False, "mlip": False,
                       "absent": [], **data},
              "filter": {"threshold": 0.8},
              "tune": {"algorithms": {"ridge": {}}, "nested": True},
              "law": {"enabled": True, "max_terms": 3},
              "split": {"folds": 10, "group_by": "compound"},
              "search": {"max_size": None, "rank_by": "cv_rmse"},
              "repeats": {"splits": 5, "seeds": 1}, "verdict": {"permutations": 3},
              "predict": {"coverage": 0.8}}


def _render(**data):
    text = (ROOT / "report" / "workflow.rst").read_text()
    return jinja2.Template(text).render(snakemake=SimpleNamespace(config=_config(**data)))


def test_plain_dft_table_has_no_warnings():
    page = _render()
    assert "NOT DFT" not in page and "SYNTHETIC" not in page and "missing" not in page
    assert "(nested)" in page and "a barrier law" in page and "at most 3 terms" in page


def test_mlip_table_is_labelled_and_missing_descriptors_are_listed():
    page = _render(mlip=True, absent=["E_g", "BC_O"])
    assert "machine-learned interatomic potential" in page and "MLIP-LEVEL DATA, NOT DFT" in page
    assert "<div style=\"border" in page  # a visible box, not a plain paragraph
    assert "Descriptors missing from this table** (2 of the catalogue): E_g, BC_O" in page


def test_every_figure_caption_says_the_data_are_not_dft():
    captions = sorted((ROOT / "report").glob("*.rst"))
    assert len(captions) > 10
    for caption in captions:
        if caption.name == "workflow.rst":
            continue
        template = jinja2.Template(caption.read_text())
        for data, mark in (({"mlip": True, "synthetic": False}, "MLIP-level data, not DFT"),
                           ({"mlip": False, "synthetic": True}, "SYNTHETIC data, not DFT"),
                           ({"mlip": False, "synthetic": False}, None)):
            wildcards = SimpleNamespace(mechanism="vacancy", feature="V_a")
            text = template.render(snakemake=SimpleNamespace(config=_config(**data),
                                                             wildcards=wildcards))
            assert (mark in text) if mark else "not DFT" not in text, caption.name


def test_synthetic_table_is_labelled():
    assert "SYNTHETIC" in _render(synthetic=True)


def test_config_text_reaches_the_report_verbatim_never_as_markup(tmp_path):
    """A label holding reStructuredText directives or HTML is shown, not executed."""
    from docutils.core import publish_parts

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    label = (f"nice data\n\n.. include:: {secret}\n\n.. raw:: html\n\n   <script>alert(1)</script>"
             "\n<b>bold</b>")
    html = publish_parts(_render(label=label, table="../x {y}.csv"), writer_name="html",
                         settings_overrides={"report_level": 5})["html_body"]
    assert "TOP-SECRET-CONTENT" not in html
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and ".. include::" in html
