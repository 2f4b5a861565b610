rule importance:
    input:
        table="results/{mechanism}/data/table.csv",
        split="results/{mechanism}/split/split.csv",
        optimum="results/{mechanism}/wrapper/optimum.json",
        choice="results/model_choice.json",
        catalogue=config["data"]["catalogue"],
    output:
        table="results/{mechanism}/interpret/importance.csv",
        figure=report(
            "results/{mechanism}/interpret/importance.png",
            caption="../report/importance.rst",
            category="4. Interpretation",
            labels={"mechanism": "{mechanism}", "figure": "MDI importance"},
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
        optimum="results/{mechanism}/wrapper/optimum.json",
        choice="results/model_choice.json",
        catalogue=config["data"]["catalogue"],
    output:
        report(
            directory("results/{mechanism}/interpret/ice"),
            patterns=["{feature}.png"],
            caption="../report/ice.rst",
            category="4. Interpretation",
            labels={"mechanism": "{mechanism}", "figure": "centered ICE: {feature}"},
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
