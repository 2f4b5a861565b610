from snakemake.utils import min_version

min_version("9.0")


configfile: "config.yaml"


report: "report/workflow.rst"


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/split.smk"
include: "rules/filter.smk"
include: "rules/tune.smk"
include: "rules/search.smk"
include: "rules/interpret.smk"
include: "rules/law.smk"
include: "rules/report.smk"
include: "rules/predict.smk"


if BUILD:

    include: "rules/data_build.smk"


rule all:
    default_target: True
    input:
        all_outputs(),
