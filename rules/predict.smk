rule predict_models:
    input:
        table=results("{mechanism}/data/table.csv"),
        split=results("{mechanism}/split/split.csv"),
        final=results("{mechanism}/search/final.json"),
        frequencies=results("{mechanism}/search/stability/frequencies.csv"),
        choice=final_choice,
        choices=replicate_choices,
        verdict=results("{mechanism}/search/verdict.json"),
        catalogue=config["data"]["catalogue"],
    output:
        meta=results("{mechanism}/predict/model.json"),
        models=expand(
            results("{{mechanism}}/predict/{replicate}.skops"), replicate=REPLICATES
        ),
        coverage=report(
            results("{mechanism}/predict/coverage.csv"),
            caption="../report/coverage.rst",
            category="6. Prediction",
            labels={"mechanism": "{mechanism}", "figure": "interval coverage (table)"},
        ),
    log:
        results("logs/{mechanism}/predict/models.log"),
    benchmark:
        results("benchmarks/{mechanism}/predict/models.tsv")
    conda:
        "../envs/ml.yaml"
    params:
        model_format=MODEL_FORMAT,
        replicates=REPLICATES,
        seed=config["seed"],
        splits=config["repeats"]["splits"],
        coverage=config["predict"]["coverage"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/predict_models.py"


rule predict_table:
    input:
        table=config["predict"]["table"] or [],
        meta=expand(results("{mechanism}/predict/model.json"), mechanism=MECHANISMS),
        # not read: direct edges to the checkpoint (see search_gather)
        choices=expand(results("{mechanism}/tune/choice.json"), mechanism=MECHANISMS),
    output:
        table=report(
            results("predict/predictions.csv"),
            caption="../report/predictions.rst",
            category="6. Prediction",
            labels={"figure": "predictions (table)"},
        ),
        figure=report(
            results("predict/domain.png"),
            caption="../report/domain.rst",
            category="6. Prediction",
            labels={"figure": "applicability domain"},
        ),
    log:
        results("logs/predict/table.log"),
    conda:
        "../envs/ml.yaml"
    params:
        sheet=config["predict"]["sheet"],
        coverage=config["predict"]["coverage"],
        data=predict_data(),
    script:
        "../workflow/scripts/predict_table.py"
