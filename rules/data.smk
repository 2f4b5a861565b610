rule data_validate:
    input:
        unpack(validate_input),
    output:
        results("{mechanism}/data/table.csv"),
    log:
        results("logs/{mechanism}/data/validate.log"),
    benchmark:
        results("benchmarks/{mechanism}/data/validate.tsv")
    conda:
        "../envs/core.yaml"
    params:
        data=validate_data,
        rows=mechanism_rows,
    script:
        "../workflow/scripts/data_validate.py"
