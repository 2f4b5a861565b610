rule report_paper:
    input:
        selection=results("tune/model_selection.csv"),
        verdicts=expand(
            results("{mechanism}/search/verdict.json"), mechanism=MECHANISMS
        ),
        finals=expand(results("{mechanism}/search/final.json"), mechanism=MECHANISMS),
        importance=expand(
            results("{mechanism}/interpret/importance.csv"), mechanism=MECHANISMS
        ),
        evaluation=expand(
            results("{mechanism}/search/evaluation.csv"), mechanism=MECHANISMS
        ),
        laws=law_files,
    output:
        report(
            results("report/paper_comparison.csv"),
            caption="../report/paper_comparison.rst",
            category="7. Paper comparison",
            labels={"figure": "the paper's figures beside this run's"},
        ),
    log:
        results("logs/report/paper.log"),
    benchmark:
        results("benchmarks/report/paper.tsv")
    conda:
        "../envs/core.yaml"
    params:
        mechanisms=MECHANISMS,
    script:
        "../workflow/scripts/report_paper.py"


rule report_config:
    output:
        results("report/config.yaml"),
    log:
        results("logs/report/config.log"),
    conda:
        "../envs/core.yaml"
    params:
        config=config,
    script:
        "../workflow/scripts/report_config.py"
