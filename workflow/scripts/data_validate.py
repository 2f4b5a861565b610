"""Validated table of one mechanism (the Snakefile already checked the whole table)."""


from barrierml.data.inputs import load_inputs
from barrierml.io import logged

with logged(snakemake.log[0]) as log:  # noqa: F821
    _, descriptors, tables = load_inputs(snakemake.params.data)  # noqa: F821
    table = tables[snakemake.wildcards.mechanism]  # noqa: F821
    table.to_csv(snakemake.output[0])  # noqa: F821
    log.info("%d rows, %d descriptors", len(table), len(descriptors))
