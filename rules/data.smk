rule validate:
    input:
        table=config["data"]["table"],
        catalogue=config["data"]["catalogue"],
    output:
        "results/{mechanism}/data/table.csv",
    log:
        "results/logs/{mechanism}/validate.log",
    conda:
        "../envs/core.yaml"
    params:
        data=config["data"],
    script:
        "../workflow/scripts/data_validate.py"
