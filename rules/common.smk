import sys
from pathlib import Path

sys.path.insert(0, str(Path(workflow.basedir) / "src"))

from barrierml.config import algorithms, check_config
from barrierml.data.inputs import load_inputs
from barrierml.filter import check_preference

check_config(config)
# Validate the table before the DAG exists: bad input stops here, before any job and
# without touching existing results.
CATALOGUE, DESCRIPTORS, _tables = load_inputs(config["data"])
check_preference(config["filter"]["preference"], DESCRIPTORS)
MECHANISMS = config["data"]["mechanisms"]
ALGORITHMS = algorithms(config)


wildcard_constraints:
    mechanism="|".join(MECHANISMS),
    algorithm="|".join(ALGORITHMS),
    scatteritem=r"\d+-of-\d+",


scattergather:
    search=config["search"]["chunks"],


def tune_grid(wildcards):
    """The grid of one algorithm: editing it reruns only that tuning job."""
    return config["tune"]["algorithms"][wildcards.algorithm]


def chunk_index(wildcards):
    """0-based chunk number and chunk count from a scatteritem such as '3-of-8'."""
    index, total = wildcards.scatteritem.split("-of-")
    return {"index": int(index) - 1, "total": int(total)}


def search_chunks(wildcards):
    """The chunk files of one mechanism's search."""
    return [
        path.format(mechanism=wildcards.mechanism)
        for path in gather.search(
            "results/{{mechanism}}/wrapper/chunks/{scatteritem}.parquet"
        )
    ]


def search_scores(wildcards):
    """What gather ranks: the refitted survivors (multi-fidelity) or every chunk."""
    if config["search"]["fidelity"]["enabled"]:
        return [f"results/{wildcards.mechanism}/wrapper/refined.parquet"]
    return search_chunks(wildcards)


def all_outputs():
    per_mechanism = [
        "results/{mechanism}/filter/retained.txt",
        "results/{mechanism}/filter/pearson_all.png",
        "results/{mechanism}/model/parity.png",
        "results/{mechanism}/wrapper/best_by_size.csv",
        "results/{mechanism}/selected_features.txt",
        "results/{mechanism}/interpret/importance.png",
        "results/{mechanism}/interpret/ice",
    ]
    return [
        "results/model_selection.csv",
        "results/figures/model_selection.png",
        *expand(per_mechanism, mechanism=MECHANISMS),
    ]
