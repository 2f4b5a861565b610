"""Which data a results directory holds: the run's config is stored with its results, and a run
or report with another table refuses instead of relabelling them."""

from pathlib import Path

import yaml

from barrierml.errors import InputError

IDENTITY = ("table", "build")  # what makes results another table's; label edits are reruns


def stored_config(results_dir):
    """Where a run keeps the config its results were made with."""
    return Path(results_dir) / "report" / "config.yaml"


def _same(key, stored, current):
    if key == "table":
        return Path(stored).resolve() == Path(current).resolve()
    return stored == current


def check_owner(config, source="config"):
    """Refuse when results_dir holds results made from another table (or builder setting)."""
    path = stored_config(config["results_dir"])
    if not path.is_file():
        return
    stored = (yaml.safe_load(path.read_text()) or {}).get("data", {})
    for key in IDENTITY:
        if key in stored and not _same(key, stored[key], config["data"][key]):
            raise InputError(
                source, f"key data.{key}",
                f"is {config['data'][key]!r}, but {config['results_dir']}/ holds results made "
                f"with {stored[key]!r} (stored in {path})",
                "pass the config those results were made with (--configfile ...), or give this "
                "table its own results_dir (e.g. results_dir: results/my_table)")
