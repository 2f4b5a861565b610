rule filter_descriptors:
    input:
        table=results("{mechanism}/data/table.csv"),
        split=results("{mechanism}/split/split.csv"),
        catalogue=config["data"]["catalogue"],
    output:
        retained=results("{mechanism}/filter/retained.txt"),
        dropped=results("{mechanism}/filter/dropped.csv"),
        pearson=results("{mechanism}/filter/pearson.csv"),
        heatmap_all=report(
            results("{mechanism}/filter/pearson_all.png"),
            caption="../report/pearson_all.rst",
            category="1. Feature filtering",
            labels={"mechanism": "{mechanism}", "figure": "all descriptors"},
        ),
        heatmap_retained=report(
            results("{mechanism}/filter/pearson_retained.png"),
            caption="../report/pearson_retained.rst",
            category="1. Feature filtering",
            labels={"mechanism": "{mechanism}", "figure": "retained descriptors"},
        ),
    log:
        results("logs/{mechanism}/filter/descriptors.log"),
    benchmark:
        results("benchmarks/{mechanism}/filter/descriptors.tsv")
    conda:
        "../envs/core.yaml"
    params:
        filter=config["filter"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/filter_descriptors.py"
