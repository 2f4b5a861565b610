"""Store the config these results are made with (the report and later runs check against it)."""

import yaml

from barrierml.io import logged

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    with open(smk.output[0], "w") as handle:
        yaml.safe_dump(dict(smk.params.config), handle, sort_keys=False)
    log.info("data: %s", smk.params.config["data"]["table"])
