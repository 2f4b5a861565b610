rule law_fit:
    input:
        table=results("{mechanism}/data/table.csv"),
        split=results("{mechanism}/split/split.csv"),
        retained=results("{mechanism}/filter/retained.txt"),
        evaluation=results("{mechanism}/search/evaluation.csv"),
        catalogue=config["data"]["catalogue"],
        # not read: direct edges to the checkpoints (see search_gather)
        choice=final_choice,
        choices=replicate_choices,
    output:
        laws=report(
            results("{mechanism}/law/laws.csv"),
            caption="../report/laws_table.rst",
            category="5. Barrier law",
            labels={
                "mechanism": "{mechanism}",
                "figure": "laws per number of terms (table)",
            },
        ),
        law=results("{mechanism}/law/law.json"),
        figure=report(
            results("{mechanism}/law/parity.png"),
            caption="../report/law.rst",
            category="5. Barrier law",
            labels={"mechanism": "{mechanism}", "figure": "the law: parity"},
        ),
    log:
        results("logs/{mechanism}/law/fit.log"),
    benchmark:
        results("benchmarks/{mechanism}/law/fit.tsv")
    conda:
        "../envs/ml.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        law=config["law"],
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        nulls=NULLS,
        group_by=config["split"]["group_by"],
        min_gain=config["verdict"]["min_gain"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/law_fit.py"
