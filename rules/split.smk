rule split_table:
    input:
        results("{mechanism}/data/table.csv"),
    output:
        split=results("{mechanism}/split/split.csv"),
        stats=results("{mechanism}/split/stats.json"),
    log:
        results("logs/{mechanism}/split/table.log"),
    benchmark:
        results("benchmarks/{mechanism}/split/table.tsv")
    conda:
        "../envs/core.yaml"
    params:
        split=config["split"],
        seed=config["seed"],
        splits=config["repeats"]["splits"],
    script:
        "../workflow/scripts/split_table.py"
