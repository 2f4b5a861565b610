rule interpret_importance:
    input:
        table=results("{mechanism}/data/table.csv"),
        split=results("{mechanism}/split/split.csv"),
        final=results("{mechanism}/search/final.json"),
        dropped=results("{mechanism}/filter/dropped.csv"),
        choice=final_choice,
        # not read: direct edges to the checkpoints (see search_gather)
        choices=replicate_choices,
        catalogue=config["data"]["catalogue"],
        kernels=kernels,
    output:
        table=results("{mechanism}/interpret/importance.csv"),
        figure=report(
            results("{mechanism}/interpret/importance.png"),
            caption="../report/importance.rst",
            category="4. Interpretation",
            labels={
                "mechanism": "{mechanism}",
                "figure": "importance: MDI, permutation, SHAP",
            },
        ),
    log:
        results("logs/{mechanism}/interpret/importance.log"),
    benchmark:
        results("benchmarks/{mechanism}/interpret/importance.tsv")
    conda:
        "../envs/ml.yaml"
    params:
        seed=config["seed"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/interpret_importance.py"


rule interpret_ice:
    input:
        table=results("{mechanism}/data/table.csv"),
        split=results("{mechanism}/split/split.csv"),
        final=results("{mechanism}/search/final.json"),
        selected=results("{mechanism}/search/selected_features.txt"),
        frequencies=results("{mechanism}/search/stability/frequencies.csv"),
        choice=final_choice,
        # not read: direct edges to the checkpoints (see search_gather)
        choices=replicate_choices,
        catalogue=config["data"]["catalogue"],
        kernels=kernels,
    output:
        ice=report(
            directory(results("{mechanism}/interpret/ice")),
            patterns=["{feature}.png"],
            caption="../report/ice.rst",
            category="4. Interpretation",
            labels={"mechanism": "{mechanism}", "figure": "centered ICE: {feature}"},
        ),
        pdp=report(
            results("{mechanism}/interpret/pdp_2d.png"),
            caption="../report/pdp_2d.rst",
            category="4. Interpretation",
            labels={
                "mechanism": "{mechanism}",
                "figure": "partial dependence, top pair",
            },
        ),
    log:
        results("logs/{mechanism}/interpret/ice.log"),
    benchmark:
        results("benchmarks/{mechanism}/interpret/ice.tsv")
    conda:
        "../envs/interpret.yaml"
    params:
        ice=config["interpret"],
        seed=config["seed"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/interpret_ice.py"
