rule importance:
    input:
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        final="results/{mechanism}/final.json",
        dropped="results/{mechanism}/filter/dropped.csv",
        choice="results/model_choice.json",
        catalogue=config["data"]["catalogue"],
    output:
        table="results/{mechanism}/interpret/importance.csv",
        figure=report(
            "results/{mechanism}/interpret/importance.png",
            caption="../report/importance.rst",
            category="4. Interpretation",
            labels={
                "mechanism": "{mechanism}",
                "figure": "importance: MDI, permutation, SHAP",
            },
        ),
    log:
        "results/logs/{mechanism}/importance.log",
    conda:
        "../envs/ml.yaml"
    params:
        seed=config["seed"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/interpret_importance.py"


rule ice:
    input:
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        final="results/{mechanism}/final.json",
        selected="results/{mechanism}/selected_features.txt",
        frequencies="results/{mechanism}/stability/frequencies.csv",
        choice="results/model_choice.json",
        catalogue=config["data"]["catalogue"],
    output:
        ice=report(
            directory("results/{mechanism}/interpret/ice"),
            patterns=["{feature}.png"],
            caption="../report/ice.rst",
            category="4. Interpretation",
            labels={"mechanism": "{mechanism}", "figure": "centered ICE: {feature}"},
        ),
        pdp=report(
            "results/{mechanism}/interpret/pdp_2d.png",
            caption="../report/pdp_2d.rst",
            category="4. Interpretation",
            labels={
                "mechanism": "{mechanism}",
                "figure": "partial dependence, top pair",
            },
        ),
    log:
        "results/logs/{mechanism}/ice.log",
    conda:
        "../envs/interpret.yaml"
    params:
        ice=config["interpret"],
        seed=config["seed"],
        extra=config["data"]["extra_descriptors"],
    script:
        "../workflow/scripts/interpret_ice.py"


rule paper_comparison:
    input:
        selection="results/model_selection.csv",
        verdicts=expand("results/{mechanism}/verdict.json", mechanism=MECHANISMS),
        finals=expand("results/{mechanism}/final.json", mechanism=MECHANISMS),
        importance=expand(
            "results/{mechanism}/interpret/importance.csv", mechanism=MECHANISMS
        ),
        evaluation=expand("results/{mechanism}/evaluation.csv", mechanism=MECHANISMS),
    output:
        report(
            "results/paper_comparison.csv",
            caption="../report/paper_comparison.rst",
            category="5. Paper comparison",
            labels={"figure": "the paper's figures beside this run's"},
        ),
    log:
        "results/logs/paper_comparison.log",
    conda:
        "../envs/core.yaml"
    params:
        mechanisms=MECHANISMS,
    script:
        "../workflow/scripts/report_paper.py"
