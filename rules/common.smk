import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(workflow.basedir) / "src"))

from barrierml.config import algorithms, check_config
from barrierml.data.inputs import load_inputs
from barrierml.errors import InputWarning
from barrierml.filter import check_preference
from barrierml.io import read_json
from barrierml.replicates import PATTERN, replicate_ids
from barrierml.split import check_sizes
from barrierml.atomistic.compositions import (
    NEB_MECHANISMS,
    compositions,
    mechanism_settings,
    species,
)

check_config(config)
# Validate the table before the DAG exists: bad input stops here, before any job and
# without touching existing results.
with warnings.catch_warnings(record=True) as _caught:
    warnings.simplefilter("always", InputWarning)
    CATALOGUE, DESCRIPTORS, _tables = load_inputs(config["data"])
for _warning in _caught:  # shown whatever the user's warning filters say
    print(f"WARNING: {_warning.message}", file=sys.stderr)
check_preference(config["filter"]["preference"], DESCRIPTORS, config["data"]["absent"])
for _mechanism, _table in _tables.items():
    check_sizes(
        len(_table),
        config["split"],
        config["data"]["table"],
        f"mechanism '{_mechanism}'",
        _table["compound"].nunique() if config["split"]["group_by"] else None,
    )
MECHANISMS = config["data"]["mechanisms"]
ALGORITHMS = algorithms(config)
REPLICATES, NULLS = replicate_ids(config["repeats"], config["verdict"]["permutations"])


wildcard_constraints:
    mechanism="|".join(MECHANISMS),
    algorithm="|".join(ALGORITHMS),
    scatteritem=r"\d+-of-\d+",
    replicate=PATTERN,
    composition=r"[A-Z][a-z]?3[A-Z][a-z]?[A-Z][a-z]?",
    edge=r"\d+",
    cation=r"[A-Z][a-z]?",
    potential=r"[a-z]+",


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
    """The chunk files of one replicate's search."""
    return [
        path.format(mechanism=wildcards.mechanism, replicate=wildcards.replicate)
        for path in gather.search(
            "results/{{mechanism}}/wrapper/{{replicate}}/chunks/{scatteritem}.parquet"
        )
    ]


def search_scores(wildcards):
    """What gather ranks: the refitted survivors (multi-fidelity) or every chunk."""
    if config["search"]["fidelity"]["enabled"]:
        return [
            f"results/{wildcards.mechanism}/wrapper/{wildcards.replicate}/refined.parquet"
        ]
    return search_chunks(wildcards)


def search_cv():
    """Whether subsets get CV scores: they are ranked by them, or search.cv asks."""
    return config["search"]["rank_by"] == "cv_rmse" or config["search"]["cv"]


def score_kind():
    """What held-out scores measure under the configured split."""
    return "new compound" if config["split"]["group_by"] else "new path"


def replicate_files(name, kind):
    """A per-replicate file of the mechanism, for the real or the null replicates."""
    replicates = REPLICATES if kind == "real" else NULLS
    return expand(
        "results/{{mechanism}}/wrapper/{replicate}/{name}",
        replicate=replicates,
        name=name,
    )


def all_outputs():
    per_mechanism = [
        "results/{mechanism}/filter/retained.txt",
        "results/{mechanism}/filter/pearson_all.png",
        "results/{mechanism}/model/parity.png",
        "results/{mechanism}/wrapper/best_by_size.csv",
        "results/{mechanism}/selected_features.txt",
        "results/{mechanism}/verdict.json",
        "results/{mechanism}/interpret/importance.png",
        "results/{mechanism}/interpret/pdp_2d.png",
        "results/{mechanism}/interpret/ice",
    ]
    return [
        "results/model_selection.csv",
        "results/figures/model_selection.png",
        "results/paper_comparison.csv",
        *expand(per_mechanism, mechanism=MECHANISMS),
    ]


COMPOSITIONS = compositions(
    config["dataset"]["cations"],
    config["dataset"]["chalcogens"],
    config["dataset"]["halogens"],
)


def dataset_nebs(wildcards):
    """Every NEB of the Data stage: one per composition x mechanism x distinct edge."""
    files = []
    for composition in COMPOSITIONS:
        paths = checkpoints.dataset_phase.get(composition=composition).output.paths
        for edge in range(len(read_json(paths))):
            files += expand(
                "results/dataset/{composition}/neb/{mechanism}_{edge}.json",
                composition=composition,
                mechanism=NEB_MECHANISMS,
                edge=edge,
            )
    return files


def cation_references(wildcards):
    """The reference energies (metal, X2A, XZ) of the composition's cation."""
    return "results/dataset/references/{}.json".format(
        species(wildcards.composition)[0]
    )


def neb_settings(wildcards):
    """The NEB settings of the job's mechanism."""
    return mechanism_settings(
        wildcards.mechanism, config["dataset"]["neb"], config["dataset"]["dumbbell"]
    )


def table_checks():
    """What the table and the check tables judge NEB records by: the NEB checks and the ceiling."""
    return {
        **config["dataset"]["neb"],
        "max_barrier_meV": config["dataset"]["max_barrier_meV"],
    }


def check_settings(wildcards):
    """The mechanism's NEB settings with the convergence check's larger cell and band."""
    check = config["dataset"]["convergence"]
    return {
        **neb_settings(wildcards),
        "min_length": check["min_length"],
        "images": check["images"],
    }


def check_files(kind):
    """NEB records ('neb') or their larger-settings repeats ('convergence') of the check cases."""
    pattern = "results/dataset/{composition}/%s/{mechanism}_{edge}.json" % kind
    return [
        pattern.format(**case) for case in config["dataset"]["convergence"]["cases"]
    ]


def check_names():
    """'K3SI vacancy 0'-style labels of the convergence cases."""
    return [
        "{composition} {mechanism} {edge}".format(**case)
        for case in config["dataset"]["convergence"]["cases"]
    ]
