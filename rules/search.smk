rule search_chunk:
    input:
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        retained="results/{mechanism}/filter/retained.txt",
        choice="results/model_choice.json",
    output:
        "results/{mechanism}/wrapper/chunks/{scatteritem}.parquet",
    log:
        "results/logs/{mechanism}/search/{scatteritem}.log",
    benchmark:
        "results/benchmarks/{mechanism}/search/{scatteritem}.tsv"
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
        "results/{mechanism}/wrapper/refined.parquet",
    log:
        "results/logs/{mechanism}/search/refine.log",
    benchmark:
        "results/benchmarks/{mechanism}/search/refine.tsv"
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=60,
    params:
        search=config["search"],
        seed=config["seed"],
    script:
        "../workflow/scripts/search_evaluate.py"


rule search_gather:
    input:
        chunks=search_scores,
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
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
        optimum="results/{mechanism}/wrapper/optimum.json",
        sizes=report(
            "results/{mechanism}/wrapper/best_by_size.png",
            caption="../report/best_by_size.rst",
            category="3. Feature subsets",
            labels={"mechanism": "{mechanism}", "figure": "best subset per n"},
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
            labels={"mechanism": "{mechanism}", "figure": "parity, optimal subset"},
        ),
    log:
        "results/logs/{mechanism}/search/gather.log",
    conda:
        "../envs/ml.yaml"
    params:
        search=config["search"],
        seed=config["seed"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/search_gather.py"
