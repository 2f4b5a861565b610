rule search_compile:
    output:
        results("search/kernels.json"),
    log:
        results("logs/search/compile.log"),
    benchmark:
        results("benchmarks/search/compile.tsv")
    conda:
        "../envs/ml.yaml"
    threads: 1
    script:
        "../workflow/scripts/search_compile.py"


rule search_chunk:
    input:
        unpack(tune_input),
        choice=replicate_choice,
    output:
        results("{mechanism}/search/{replicate}/chunks/{scatteritem}.npz"),
    log:
        results("logs/{mechanism}/search/{replicate}/{scatteritem}.log"),
    benchmark:
        results("benchmarks/{mechanism}/search/{replicate}/{scatteritem}.tsv")
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        # measured: peak RSS ≈ 220 MB per process; runtime scales with subsets per chunk
        mem_mb=1000,
        runtime=60,
    params:
        search=chunk_settings(),
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        cv=search_cv(),
        chunk=chunk_index,
    script:
        "../workflow/scripts/search_chunk.py"


rule search_refine:
    input:
        unpack(tune_input),
        chunks=search_chunks,
        choice=replicate_choice,
    output:
        results("{mechanism}/search/{replicate}/refined.npz"),
    log:
        results("logs/{mechanism}/search/{replicate}/refine.log"),
    benchmark:
        results("benchmarks/{mechanism}/search/{replicate}/refine.tsv")
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=60,
    params:
        search=refine_settings(),
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        cv=search_cv(),
    script:
        "../workflow/scripts/search_refine.py"


rule search_stepwise:
    input:
        unpack(tune_input),
        chunks=search_scores,
        choice=replicate_choice,
    output:
        scores=results("{mechanism}/search/{replicate}/stepwise.npz"),
        mode=results("{mechanism}/search/{replicate}/search_mode.json"),
    log:
        results("logs/{mechanism}/search/{replicate}/stepwise.log"),
    benchmark:
        results("benchmarks/{mechanism}/search/{replicate}/stepwise.tsv")
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=60,
    params:
        search=stepwise_settings(),
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        cv=search_cv(),
    script:
        "../workflow/scripts/search_stepwise.py"


rule search_gather:
    input:
        chunks=search_scores,
        stepwise=results("{mechanism}/search/{replicate}/stepwise.npz"),
        mode=results("{mechanism}/search/{replicate}/search_mode.json"),
        table=results("{mechanism}/data/table.csv"),
        split=results("{mechanism}/split/split.csv"),
        retained=results("{mechanism}/filter/retained.txt"),
        # not read: a direct edge to the checkpoint, so Snakemake decides this job again after
        # tune_select or tune_replicate (it re-decides only the checkpoint's direct dependants)
        choice=replicate_choice,
    output:
        top=results("{mechanism}/search/{replicate}/top_subsets.csv"),
        selection=results("{mechanism}/search/{replicate}/selection.json"),
    log:
        results("logs/{mechanism}/search/{replicate}/gather.log"),
    benchmark:
        results("benchmarks/{mechanism}/search/{replicate}/gather.tsv")
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
        table=results("{mechanism}/data/table.csv"),
        split=results("{mechanism}/split/split.csv"),
        retained=results("{mechanism}/filter/retained.txt"),
        dropped=results("{mechanism}/filter/dropped.csv"),
        choice=final_choice,
        choices=replicate_choices,
        catalogue=config["data"]["catalogue"],
        kernels=kernels,
    output:
        best=report(
            results("{mechanism}/search/best_by_size.csv"),
            caption="../report/best_by_size_table.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "best subset per n (table)"},
        ),
        top=results("{mechanism}/search/top_subsets.csv"),
        singles=results("{mechanism}/search/single_features.csv"),
        selected=results("{mechanism}/search/selected_features.txt"),
        final=results("{mechanism}/search/final.json"),
        frequencies=results("{mechanism}/search/stability/frequencies.csv"),
        sizes=results("{mechanism}/search/stability/best_by_size.csv"),
        selections=results("{mechanism}/search/stability/selections.csv"),
        evaluation=report(
            results("{mechanism}/search/evaluation.csv"),
            caption="../report/evaluation.rst",
            category="0. Verdict",
            labels={"mechanism": "{mechanism}", "figure": "held-out scores (table)"},
        ),
        verdict=results("{mechanism}/search/verdict.json"),
        verdict_figure=report(
            results("{mechanism}/search/verdict.png"),
            caption="../report/verdict.rst",
            category="0. Verdict",
            labels={"mechanism": "{mechanism}", "figure": "skill verdict"},
        ),
        sizes_figure=report(
            results("{mechanism}/search/best_by_size.png"),
            caption="../report/best_by_size.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "best subset per n"},
        ),
        frequency_figure=report(
            results("{mechanism}/search/stability/frequencies.png"),
            caption="../report/frequencies.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "descriptor frequencies"},
        ),
        single=report(
            results("{mechanism}/search/single_features.png"),
            caption="../report/single_features.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "single-feature models"},
        ),
        curve=results("{mechanism}/search/stability/learning_curve.csv"),
        curve_figure=report(
            results("{mechanism}/search/stability/learning_curve.png"),
            caption="../report/learning_curve.rst",
            category="0. Verdict",
            labels={"mechanism": "{mechanism}", "figure": "learning curve"},
        ),
        parity=report(
            results("{mechanism}/search/optimum_parity.png"),
            caption="../report/optimum_parity.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "parity, consensus subset"},
        ),
    log:
        results("logs/{mechanism}/search/stability.log"),
    benchmark:
        results("benchmarks/{mechanism}/search/stability.tsv")
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
        families=config["evaluation"]["families"],
        real=REPLICATES,
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/search_stability.py"
