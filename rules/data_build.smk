# The Data stage's builder (data.build: true): compositions -> structures -> paths -> NEB
# barriers and descriptors, a table that feeds data_validate. Needs the [data] extra
# (make dataset). Barriers are MLIP-level, not DFT.
wildcard_constraints:
    composition=r"[A-Z][a-z]?3[A-Z][a-z]?[A-Z][a-z]?",
    edge=r"\d+",
    cation=r"[A-Z][a-z]?",
    potential=r"[a-z]+",


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
