# The Data stage's builder (data.build: true): compositions -> structures -> paths -> NEB
# barriers and descriptors, a table that feeds data_validate. Needs the [data] extra
# (make dataset). Barriers are MLIP-level, not DFT.
from barrierml.data.build.compositions import (
    NEB_MECHANISMS,
    compositions,
    mechanism_settings,
    species,
)
from barrierml.io import read_json

BUILDER = config["data"]["builder"]


wildcard_constraints:
    composition=r"[A-Z][a-z]?3[A-Z][a-z]?[A-Z][a-z]?",
    edge=r"\d+",
    cation=r"[A-Z][a-z]?",
    potential=r"[a-z]+",


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
    return {
        **BUILDER["neb"],
        "max_barrier_meV": BUILDER["max_barrier_meV"],
    }


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


checkpoint data_build_phase:
    output:
        structure=results("data/build/{composition}/structure.extxyz"),
        phase=results("data/build/{composition}/phase.json"),
        paths=results("data/build/{composition}/paths.json"),
    log:
        results("logs/data/build/{composition}/phase.log"),
    benchmark:
        results("benchmarks/data/build/{composition}/phase.tsv")
    conda:
        "../envs/data_build.yaml"
    params:
        structure=BUILDER["structure"],
        potential=BUILDER["potential"],
    script:
        "../workflow/scripts/data_build_phase.py"


rule data_build_neb:
    input:
        structure=results("data/build/{composition}/structure.extxyz"),
        paths=results("data/build/{composition}/paths.json"),
    output:
        results("data/build/{composition}/neb/{mechanism}_{edge}.json"),
    log:
        results("logs/data/build/{composition}/neb_{mechanism}_{edge}.log"),
    benchmark:
        results("benchmarks/data/build/{composition}/neb_{mechanism}_{edge}.tsv")
    conda:
        "../envs/data_build.yaml"
    params:
        neb=neb_settings,
        potential=BUILDER["potential"],
    script:
        "../workflow/scripts/data_build_neb.py"


rule data_build_reference:
    output:
        results("data/build/references/{cation}.json"),
    log:
        results("logs/data/build/references/{cation}.log"),
    conda:
        "../envs/data_build.yaml"
    params:
        structure=BUILDER["structure"],
        potential=BUILDER["potential"],
        chalcogens=BUILDER["chalcogens"],
        halogens=BUILDER["halogens"],
    script:
        "../workflow/scripts/data_build_reference.py"


rule data_build_properties:
    input:
        structure=results("data/build/{composition}/structure.extxyz"),
        references=cation_references,
    output:
        results("data/build/{composition}/properties.json"),
    log:
        results("logs/data/build/{composition}/properties.log"),
    benchmark:
        results("benchmarks/data/build/{composition}/properties.tsv")
    conda:
        "../envs/data_build.yaml"
    params:
        potential=BUILDER["potential"],
    script:
        "../workflow/scripts/data_build_properties.py"


rule data_build_table:
    input:
        data_build_nebs,
        expand(
            results("data/build/{composition}/properties.json"),
            composition=COMPOSITIONS,
        ),
    output:
        table=results("data/build/antiperovskites.csv"),
        failures=results("data/build/failures.csv"),
        compounds=results("data/build/compounds.csv"),
        facts=results("data/build/antiperovskites.facts.yaml"),
    log:
        results("logs/data/build/table.log"),
    conda:
        "../envs/data_build.yaml"
    params:
        compositions=COMPOSITIONS,
        checks=table_checks(),
    script:
        "../workflow/scripts/data_build_table.py"


rule data_build_validation:
    output:
        results("data/build/validation/{potential}.json"),
    log:
        results("logs/data/build/validation/{potential}.log"),
    benchmark:
        results("benchmarks/data/build/validation/{potential}.tsv")
    conda:
        "../envs/data_build.yaml"
    params:
        composition=BUILDER["validation"]["composition"],
        structure=BUILDER["structure"],
        neb=BUILDER["neb"],
        dumbbell=BUILDER["dumbbell"],
    script:
        "../workflow/scripts/data_build_validation.py"


rule data_build_neb_check:
    input:
        structure=results("data/build/{composition}/structure.extxyz"),
        paths=results("data/build/{composition}/paths.json"),
    output:
        results("data/build/{composition}/convergence/{mechanism}_{edge}.json"),
    log:
        results("logs/data/build/{composition}/convergence_{mechanism}_{edge}.log"),
    benchmark:
        results(
            "benchmarks/data/build/{composition}/convergence_{mechanism}_{edge}.tsv"
        )
    conda:
        "../envs/data_build.yaml"
    params:
        neb=check_settings,
        potential=BUILDER["potential"],
    script:
        "../workflow/scripts/data_build_neb.py"


rule data_build_checks:
    input:
        validation=expand(
            results("data/build/validation/{potential}.json"),
            potential=BUILDER["validation"]["potentials"],
        ),
        base=check_files("neb"),
        check=check_files("convergence"),
    output:
        validation=results("data/build/validation.csv"),
        convergence=results("data/build/convergence.csv"),
    log:
        results("logs/data/build/checks.log"),
    conda:
        "../envs/data_build.yaml"
    params:
        potentials=BUILDER["validation"]["potentials"],
        dft=BUILDER["validation"]["dft_meV"],
        cases=check_names(),
        checks=table_checks(),
    script:
        "../workflow/scripts/data_build_checks.py"


rule data_build:
    input:
        rules.data_build_table.output,
        rules.data_build_checks.output,
