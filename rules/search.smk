rule search_chunk:
    input:
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        retained="results/{mechanism}/filter/retained.txt",
        choice="results/model_choice.json",
    output:
        "results/{mechanism}/wrapper/{replicate}/chunks/{scatteritem}.parquet",
    log:
        "results/logs/{mechanism}/search/{replicate}/{scatteritem}.log",
    benchmark:
        "results/benchmarks/{mechanism}/search/{replicate}/{scatteritem}.tsv"
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        # measured: peak RSS ≈ 220 MB per process; runtime scales with subsets per chunk
        mem_mb=1000,
        runtime=60,
    params:
        search=config["search"],
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        cv=search_cv(),
        chunk=chunk_index,
    script:
        "../workflow/scripts/search_evaluate.py"


rule search_refine:
    input:
        chunks=search_chunks,
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        retained="results/{mechanism}/filter/retained.txt",
        choice="results/model_choice.json",
    output:
        "results/{mechanism}/wrapper/{replicate}/refined.parquet",
    log:
        "results/logs/{mechanism}/search/{replicate}/refine.log",
    benchmark:
        "results/benchmarks/{mechanism}/search/{replicate}/refine.tsv"
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=60,
    params:
        search=config["search"],
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        cv=search_cv(),
    script:
        "../workflow/scripts/search_evaluate.py"


rule search_gather:
    input:
        chunks=search_scores,
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        retained="results/{mechanism}/filter/retained.txt",
    output:
        top="results/{mechanism}/wrapper/{replicate}/top_subsets.csv",
        selection="results/{mechanism}/wrapper/{replicate}/selection.json",
    log:
        "results/logs/{mechanism}/search/{replicate}/gather.log",
    conda:
        "../envs/ml.yaml"
    params:
        rank_by=config["search"]["rank_by"],
        top_k=config["search"]["top_k"],
        seed=config["seed"],
        splits=config["repeats"]["splits"],
    script:
        "../workflow/scripts/search_gather.py"


rule search_stability:
    input:
        real=replicate_files("selection.json", "real"),
        null=replicate_files("selection.json", "null"),
        tops=replicate_files("top_subsets.csv", "real"),
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        retained="results/{mechanism}/filter/retained.txt",
        dropped="results/{mechanism}/filter/dropped.csv",
        choice="results/model_choice.json",
        catalogue=config["data"]["catalogue"],
    output:
        best=report(
            "results/{mechanism}/wrapper/best_by_size.csv",
            caption="../report/best_by_size_table.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "best subset per n (table)"},
        ),
        top="results/{mechanism}/wrapper/top_subsets.csv",
        singles="results/{mechanism}/wrapper/single_features.csv",
        selected="results/{mechanism}/selected_features.txt",
        final="results/{mechanism}/final.json",
        frequencies="results/{mechanism}/stability/frequencies.csv",
        sizes="results/{mechanism}/stability/best_by_size.csv",
        selections="results/{mechanism}/stability/selections.csv",
        evaluation=report(
            "results/{mechanism}/evaluation.csv",
            caption="../report/evaluation.rst",
            category="0. Verdict",
            labels={"mechanism": "{mechanism}", "figure": "held-out scores (table)"},
        ),
        verdict="results/{mechanism}/verdict.json",
        verdict_figure=report(
            "results/{mechanism}/verdict.png",
            caption="../report/verdict.rst",
            category="0. Verdict",
            labels={"mechanism": "{mechanism}", "figure": "skill verdict"},
        ),
        sizes_figure=report(
            "results/{mechanism}/wrapper/best_by_size.png",
            caption="../report/best_by_size.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "best subset per n"},
        ),
        frequency_figure=report(
            "results/{mechanism}/stability/frequencies.png",
            caption="../report/frequencies.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "descriptor frequencies"},
        ),
        single=report(
            "results/{mechanism}/wrapper/single_features.png",
            caption="../report/single_features.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "single-feature models"},
        ),
        parity=report(
            "results/{mechanism}/wrapper/optimum_parity.png",
            caption="../report/optimum_parity.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "parity, consensus subset"},
        ),
    log:
        "results/logs/{mechanism}/search/stability.log",
    conda:
        "../envs/ml.yaml"
    params:
        rank_by=config["search"]["rank_by"],
        backend=config["search"]["backend"],
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        split=config["split"],
        min_frequency=config["repeats"]["min_frequency"],
        min_gain=config["verdict"]["min_gain"],
        real=REPLICATES,
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/search_stability.py"
