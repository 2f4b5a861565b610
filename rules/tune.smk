rule tune:
    input:
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        retained="results/{mechanism}/filter/retained.txt",
    output:
        "results/{mechanism}/tune/{algorithm}.json",
    log:
        "results/logs/{mechanism}/tune/{algorithm}.log",
    benchmark:
        "results/benchmarks/{mechanism}/tune/{algorithm}.tsv"
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


rule model_selection:
    input:
        expand(
            "results/{mechanism}/tune/{algorithm}.json",
            mechanism=MECHANISMS,
            algorithm=ALGORITHMS,
        ),
    output:
        table=report(
            "results/model_selection.csv",
            caption="../report/model_selection_table.rst",
            category="2. Model selection",
            labels={"figure": "table"},
        ),
        choice="results/model_choice.json",
        figure=report(
            "results/figures/model_selection.png",
            caption="../report/model_selection.rst",
            category="2. Model selection",
            labels={"figure": "RMSE per algorithm"},
        ),
    log:
        "results/logs/model_selection.log",
    conda:
        "../envs/ml.yaml"
    params:
        selection=config["tune"]["selection"],
        mechanisms=MECHANISMS,
        kind=score_kind(),
    script:
        "../workflow/scripts/tune_select.py"


rule parity:
    input:
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        features="results/{mechanism}/filter/retained.txt",
        choice="results/model_choice.json",
    output:
        report(
            "results/{mechanism}/model/parity.png",
            caption="../report/parity.rst",
            category="2. Model selection",
            labels={"mechanism": "{mechanism}", "figure": "parity, retained features"},
        ),
    log:
        "results/logs/{mechanism}/parity.log",
    conda:
        "../envs/ml.yaml"
    params:
        seed=config["seed"],
        backend=config["search"]["backend"],
        kind=score_kind(),
    script:
        "../workflow/scripts/tune_parity.py"
