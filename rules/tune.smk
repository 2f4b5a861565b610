rule tune_algorithm:
    input:
        unpack(tune_input),
    output:
        results("{mechanism}/tune/{algorithm}.json"),
    log:
        results("logs/{mechanism}/tune/{algorithm}.log"),
    benchmark:
        results("benchmarks/{mechanism}/tune/{algorithm}.tsv")
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        # measured: peak RSS ≈ 220 MB, ≤ 35 s per job with the default grids
        mem_mb=1000,
        runtime=30,
    params:
        grid=tune_grid,
        seed=config["seed"],
        backend=config["search"]["backend"],
    script:
        "../workflow/scripts/tune_algorithm.py"


# A checkpoint: when a rerun picks the same model, the per-mechanism choice files come out
# byte-identical and Snakemake (which records input checksums) reruns nothing after them.
checkpoint tune_select:
    input:
        expand(
            results("{mechanism}/tune/{algorithm}.json"),
            mechanism=MECHANISMS,
            algorithm=ALGORITHMS,
        ),
    output:
        table=report(
            results("tune/model_selection.csv"),
            caption="../report/model_selection_table.rst",
            category="2. Model selection",
            labels={"figure": "table"},
        ),
        choices=expand(results("{mechanism}/tune/choice.json"), mechanism=MECHANISMS),
        figure=report(
            results("tune/model_selection.png"),
            caption="../report/model_selection.rst",
            category="2. Model selection",
            labels={"figure": "RMSE per algorithm"},
        ),
    log:
        results("logs/tune/select.log"),
    benchmark:
        results("benchmarks/tune/select.tsv")
    conda:
        "../envs/ml.yaml"
    params:
        selection=config["tune"]["selection"],
        mechanisms=MECHANISMS,
        kind=score_kind(),
    script:
        "../workflow/scripts/tune_select.py"


rule tune_parity:
    input:
        unpack(tune_input),
        choice=results("{mechanism}/tune/choice.json"),
    output:
        report(
            results("{mechanism}/tune/parity.png"),
            caption="../report/parity.rst",
            category="2. Model selection",
            labels={"mechanism": "{mechanism}", "figure": "parity, retained features"},
        ),
    log:
        results("logs/{mechanism}/tune/parity.log"),
    benchmark:
        results("benchmarks/{mechanism}/tune/parity.tsv")
    conda:
        "../envs/ml.yaml"
    params:
        seed=config["seed"],
        backend=config["search"]["backend"],
        kind=score_kind(),
    script:
        "../workflow/scripts/tune_parity.py"


# Nested tuning (tune.nested): each replicate chooses its model inside its training compounds.
# A checkpoint for the same reason as tune_select: an unchanged choice reruns no search.
checkpoint tune_replicate:
    input:
        unpack(tune_input),
    output:
        results("{mechanism}/search/{replicate}/choice.json"),
    log:
        results("logs/{mechanism}/search/{replicate}/tune.log"),
    benchmark:
        results("benchmarks/{mechanism}/search/{replicate}/tune.tsv")
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=30,
    params:
        grids=tune_grids(),
        seed=config["seed"],
        splits=config["repeats"]["splits"],
    script:
        "../workflow/scripts/tune_replicate.py"
