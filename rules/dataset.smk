# The Data stage (`snakemake dataset`): compositions -> structures -> paths -> NEB barriers.
# Needs the optional extra: pip install -e '.[data]'. Barriers are MLIP-level, not DFT.


checkpoint dataset_phase:
    output:
        structure="results/dataset/{composition}/structure.extxyz",
        phase="results/dataset/{composition}/phase.json",
        paths="results/dataset/{composition}/paths.json",
    log:
        "results/logs/dataset/{composition}/phase.log",
    benchmark:
        "results/benchmarks/dataset/{composition}/phase.tsv"
    conda:
        "../envs/atomistic.yaml"
    params:
        structure=config["dataset"]["structure"],
        potential=config["dataset"]["potential"],
    script:
        "../workflow/scripts/dataset_phase.py"


rule dataset_neb:
    input:
        structure="results/dataset/{composition}/structure.extxyz",
        paths="results/dataset/{composition}/paths.json",
    output:
        "results/dataset/{composition}/neb/{mechanism}_{edge}.json",
    log:
        "results/logs/dataset/{composition}/neb_{mechanism}_{edge}.log",
    benchmark:
        "results/benchmarks/dataset/{composition}/neb_{mechanism}_{edge}.tsv"
    conda:
        "../envs/atomistic.yaml"
    params:
        neb=neb_settings,
        potential=config["dataset"]["potential"],
    script:
        "../workflow/scripts/dataset_neb.py"


rule dataset_reference:
    output:
        "results/dataset/references/{cation}.json",
    log:
        "results/logs/dataset/references/{cation}.log",
    conda:
        "../envs/atomistic.yaml"
    params:
        structure=config["dataset"]["structure"],
        potential=config["dataset"]["potential"],
        chalcogens=config["dataset"]["chalcogens"],
        halogens=config["dataset"]["halogens"],
    script:
        "../workflow/scripts/dataset_reference.py"


rule dataset_properties:
    input:
        structure="results/dataset/{composition}/structure.extxyz",
        references=cation_references,
    output:
        "results/dataset/{composition}/properties.json",
    log:
        "results/logs/dataset/{composition}/properties.log",
    benchmark:
        "results/benchmarks/dataset/{composition}/properties.tsv"
    conda:
        "../envs/atomistic.yaml"
    params:
        potential=config["dataset"]["potential"],
    script:
        "../workflow/scripts/dataset_properties.py"


rule dataset_table:
    input:
        dataset_nebs,
        expand(
            "results/dataset/{composition}/properties.json", composition=COMPOSITIONS
        ),
    output:
        table="results/dataset/antiperovskites.csv",
        failures="results/dataset/failures.csv",
        compounds="results/dataset/compounds.csv",
    log:
        "results/logs/dataset/table.log",
    conda:
        "../envs/atomistic.yaml"
    params:
        compositions=COMPOSITIONS,
        checks=table_checks(),
    script:
        "../workflow/scripts/dataset_table.py"


rule dataset_validation:
    output:
        "results/dataset/validation/{potential}.json",
    log:
        "results/logs/dataset/validation/{potential}.log",
    benchmark:
        "results/benchmarks/dataset/validation/{potential}.tsv"
    conda:
        "../envs/atomistic.yaml"
    params:
        composition=config["dataset"]["validation"]["composition"],
        structure=config["dataset"]["structure"],
        neb=config["dataset"]["neb"],
        dumbbell=config["dataset"]["dumbbell"],
    script:
        "../workflow/scripts/dataset_validation.py"


rule dataset_neb_check:
    input:
        structure="results/dataset/{composition}/structure.extxyz",
        paths="results/dataset/{composition}/paths.json",
    output:
        "results/dataset/{composition}/convergence/{mechanism}_{edge}.json",
    log:
        "results/logs/dataset/{composition}/convergence_{mechanism}_{edge}.log",
    benchmark:
        "results/benchmarks/dataset/{composition}/convergence_{mechanism}_{edge}.tsv"
    conda:
        "../envs/atomistic.yaml"
    params:
        neb=check_settings,
        potential=config["dataset"]["potential"],
    script:
        "../workflow/scripts/dataset_neb.py"


rule dataset_checks:
    input:
        validation=expand(
            "results/dataset/validation/{potential}.json",
            potential=config["dataset"]["validation"]["potentials"],
        ),
        base=check_files("neb"),
        check=check_files("convergence"),
    output:
        validation="results/dataset/validation.csv",
        convergence="results/dataset/convergence.csv",
    log:
        "results/logs/dataset/checks.log",
    conda:
        "../envs/atomistic.yaml"
    params:
        potentials=config["dataset"]["validation"]["potentials"],
        dft=config["dataset"]["validation"]["dft_meV"],
        cases=check_names(),
        checks=table_checks(),
    script:
        "../workflow/scripts/dataset_checks.py"


rule dataset:
    input:
        rules.dataset_table.output,
        rules.dataset_checks.output,
