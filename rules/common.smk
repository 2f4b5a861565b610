import os
import sys
import warnings
from types import SimpleNamespace

from barrierml.config import algorithms, check_config
from barrierml.data.mlip.compositions import (
    NEB_MECHANISMS,
    compositions,
    mechanism_settings,
    species,
)
from barrierml.data.mlip.compositions import table_checks as builder_checks
from barrierml.data.catalogue import load_catalogue
from barrierml.data.inputs import (
    descriptor_columns,
    fingerprint,
    load_inputs,
    resolve_facts,
)
from barrierml.errors import InputWarning
from barrierml.filter import check_preference
from barrierml.io import read_json
from barrierml.predict.models import FORMAT as MODEL_FORMAT
from barrierml.report.provenance import check_owner
from barrierml.search.replicates import PATTERN, PRIMARY, replicate_ids
from barrierml.split import check_sizes

check_config(config)
config["data"] = resolve_facts(config["data"])
RESULTS = config["results_dir"]
BUILD = config["data"]["build"]
# The table the workflow reads: the builder's output (a DAG edge) or the user's file.
TABLE = (
    f"{RESULTS}/data/build/antiperovskites.csv" if BUILD else config["data"]["table"]
)
MECHANISMS = config["data"]["mechanisms"]
BUILDER = config["data"]["builder"]
ALGORITHMS = algorithms(config)
REPLICATES, NULLS = replicate_ids(config["repeats"], config["verdict"]["permutations"])
if BUILD:
    ROWS = {}  # the built table is checked by data_validate when it exists
    descriptor_columns(  # data.absent names catalogue columns, built table or not
        load_catalogue(
            config["data"]["catalogue"], config["data"]["extra_descriptors"]
        ),
        config["data"]["absent"],
    )
else:
    # Validate the user's table before the DAG exists: bad input stops here, before any job
    # and without touching existing results.
    with warnings.catch_warnings(record=True) as _caught:
        warnings.simplefilter("always", InputWarning)
        _catalogue, DESCRIPTORS, _tables = load_inputs(config["data"])
    for _warning in _caught:  # shown whatever the user's warning filters say
        print(f"WARNING: {_warning.message}", file=sys.stderr)
    check_preference(
        config["filter"]["preference"], DESCRIPTORS, config["data"]["absent"]
    )
    for _mechanism, _table in _tables.items():
        check_sizes(
            len(_table),
            config["split"],
            config["data"]["table"],
            f"mechanism '{_mechanism}'",
            _table["compound"].nunique() if config["split"]["group_by"] else None,
        )
    # One fingerprint per mechanism: editing one mechanism's rows reruns only its jobs.
    ROWS = {m: fingerprint(t) for m, t in _tables.items()}
# After the table's own checks: results of another table are not overwritten or relabelled.
check_owner(config)


wildcard_constraints:
    mechanism="|".join(MECHANISMS),
    algorithm="|".join(ALGORITHMS),
    scatteritem=r"\d+-of-\d+",
    replicate=PATTERN,


scattergather:
    search=config["search"]["chunks"],


def results(path):
    """A path inside this run's results directory (config results_dir)."""
    return f"{RESULTS}/{path}"


def validate_input(wildcards):
    """The catalogue, and the table itself only when the builder makes it (else its rows'
    fingerprint is a param, so another mechanism's edits do not count)."""
    files = {"catalogue": config["data"]["catalogue"]}
    return {**files, "table": TABLE} if BUILD else files


def validate_data(wildcards):
    """What data_validate reads of the `data` section: not the label, not the build settings."""
    keys = ("table", "units", "sheet", "catalogue", "columns", "rename", "mechanisms")
    keys += ("absent", "extra_descriptors", "build")
    return {**{key: config["data"][key] for key in keys}, "table": TABLE}


def mechanism_rows(wildcards):
    """The fingerprint of the mechanism's rows of the table (none for a built table)."""
    return ROWS.get(wildcards.mechanism, "")


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
            results("{{mechanism}}/search/{{replicate}}/chunks/{scatteritem}.npz")
        )
    ]


def search_scores(wildcards):
    """What gather ranks: the refitted survivors (multi-fidelity) or every chunk."""
    if config["search"]["fidelity"]["enabled"]:
        return [
            results(f"{wildcards.mechanism}/search/{wildcards.replicate}/refined.npz")
        ]
    return search_chunks(wildcards)


def kernels(wildcards):
    """The compiled engine kernels, when the search backend can use the engine."""
    if config["search"]["backend"] == "sklearn":
        return []
    return results("search/kernels.json")


def search_cv():
    """Whether subsets get CV scores: they are ranked by them, or search.cv asks."""
    return config["search"]["rank_by"] == "cv_rmse" or config["search"]["cv"]


def chunk_settings():
    """What a search chunk reads of the `search` section."""
    search = config["search"]
    fidelity = search["fidelity"]
    return {
        "backend": search["backend"],
        "max_size": search["max_size"],
        "budget": search["budget"],
        "screening": fidelity["params"] if fidelity["enabled"] else None,
    }


def refine_settings():
    """What the multi-fidelity refit reads of the `search` section."""
    search = config["search"]
    return {
        "backend": search["backend"],
        "max_size": search["max_size"],
        "budget": search["budget"],
        "rank_by": search["rank_by"],
        "fidelity": search["fidelity"],
    }


def stepwise_settings():
    """What the large-p beam search reads of the `search` section."""
    search = config["search"]
    return {
        key: search[key]
        for key in ("backend", "max_size", "budget", "beam_width", "rank_by")
    }


def predict_data():
    """What prediction reads of the `data` section: the table's column names."""
    return {key: config["data"][key] for key in ("columns", "rename", "mechanisms")}


def score_kind():
    """What held-out scores measure under the configured split."""
    return "new compound" if config["split"]["group_by"] else "new path"


def replicate_files(name, kind):
    """A per-replicate file of the mechanism, for the real or the null replicates."""
    replicates = REPLICATES if kind == "real" else NULLS
    return expand(
        results("{{mechanism}}/search/{replicate}/{name}"),
        replicate=replicates,
        name=name,
    )


def missing_scores():
    """Score files of replicates already gathered that are gone (a deleted chunk): asked for
    by `all`, so that Snakemake recomputes them and gathers again (a missing input of a
    finished job is otherwise not noticed)."""
    missing = []
    for mechanism in MECHANISMS:
        for replicate in [*REPLICATES, *NULLS]:
            where = SimpleNamespace(mechanism=mechanism, replicate=replicate)
            if os.path.exists(
                results(f"{mechanism}/search/{replicate}/top_subsets.csv")
            ):
                missing += [p for p in search_scores(where) if not os.path.exists(p)]
    return missing


def all_outputs():
    per_mechanism = [
        "{mechanism}/filter/retained.txt",
        "{mechanism}/filter/pearson_all.png",
        "{mechanism}/tune/parity.png",
        "{mechanism}/search/best_by_size.csv",
        "{mechanism}/search/selected_features.txt",
        "{mechanism}/search/verdict.json",
        "{mechanism}/interpret/importance.png",
        "{mechanism}/interpret/pdp_2d.png",
        "{mechanism}/interpret/ice",
        "{mechanism}/predict/model.json",
    ]
    predictions = (
        [results("predict/predictions.csv")] if config["predict"]["table"] else []
    )
    return [
        *predictions,
        *law_files(None),
        *missing_scores(),
        results("tune/model_selection.csv"),
        results("tune/model_selection.png"),
        results("report/paper_comparison.csv"),
        results("report/config.yaml"),
        *expand([results(p) for p in per_mechanism], mechanism=MECHANISMS),
    ]


def law_files(wildcards):
    """Every mechanism's law.json when the law stage is on."""
    if not config["law"]["enabled"]:
        return []
    return expand(results("{mechanism}/law/law.json"), mechanism=MECHANISMS)


def tune_grids():
    """The grids of the algorithms to tune (tune.use, or all)."""
    return {name: config["tune"]["algorithms"][name] for name in ALGORITHMS}


def replicate_choice(wildcards):
    """The model a replicate's search uses: its own nested choice, or the single tuning's."""
    if config["tune"]["nested"]:
        return results(
            f"{wildcards.mechanism}/search/{wildcards.replicate}/choice.json"
        )
    return results(f"{wildcards.mechanism}/tune/choice.json")


def replicate_choices(wildcards):
    """Every real and null replicate's nested choice of a mechanism (none without nesting)."""
    if not config["tune"]["nested"]:
        return []
    return expand(
        results("{mechanism}/search/{replicate}/choice.json"),
        mechanism=wildcards.mechanism,
        replicate=REPLICATES + NULLS,
    )


def final_choice(wildcards):
    """The final model's choice: the primary replicate's (nested, or the single tuning's)."""
    return replicate_choice(
        SimpleNamespace(mechanism=wildcards.mechanism, replicate=PRIMARY)
    )


def tune_input(wildcards):
    """A mechanism's table, its splits, its retained descriptors and the compiled kernels."""
    return {
        "table": results(f"{wildcards.mechanism}/data/table.csv"),
        "split": results(f"{wildcards.mechanism}/split/split.csv"),
        "retained": results(f"{wildcards.mechanism}/filter/retained.txt"),
        "kernels": kernels(wildcards),
    }


# The Data stage's builder (rules/data_build.smk, included when data.build is true)
COMPOSITIONS = compositions(
    BUILDER["cations"],
    BUILDER["chalcogens"],
    BUILDER["halogens"],
)


def data_build_nebs(wildcards):
    """Every NEB of the Data stage: one per composition x mechanism x distinct edge."""
    files = []
    for composition in COMPOSITIONS:
        paths = checkpoints.data_build_phase.get(composition=composition).output.paths
        for edge in range(len(read_json(paths))):
            files += expand(
                results("data/build/{composition}/neb/{mechanism}_{edge}.json"),
                composition=composition,
                mechanism=NEB_MECHANISMS,
                edge=edge,
            )
    return files


def cation_references(wildcards):
    """The reference energies (metal, X2A, XZ) of the composition's cation."""
    return results("data/build/references/{}.json").format(
        species(wildcards.composition)[0]
    )


def neb_settings(wildcards):
    """The NEB settings of the job's mechanism."""
    return mechanism_settings(wildcards.mechanism, BUILDER["neb"], BUILDER["dumbbell"])


def table_checks():
    """What the table and the check tables judge NEB records by: the NEB checks and the ceiling."""
    return builder_checks(BUILDER)


def check_settings(wildcards):
    """The mechanism's NEB settings with the convergence check's larger cell and band."""
    check = BUILDER["convergence"]
    return {
        **neb_settings(wildcards),
        "min_length": check["min_length"],
        "images": check["images"],
    }


def check_files(kind):
    """NEB records ('neb') or their larger-settings repeats ('convergence') of the check cases."""
    pattern = results("data/build/{composition}/%s/{mechanism}_{edge}.json") % kind
    return [pattern.format(**case) for case in BUILDER["convergence"]["cases"]]


def check_names():
    """'K3SI vacancy 0'-style labels of the convergence cases."""
    return [
        "{composition} {mechanism} {edge}".format(**case)
        for case in BUILDER["convergence"]["cases"]
    ]
