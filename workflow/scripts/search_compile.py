"""Compile the engine's numba kernels into their on-disk cache, once, before the search."""

import numba

from barrierml.io import logged, write_json
from barrierml.search.engine import compile_kernels

smk = snakemake  # noqa: F821
with logged(smk.log[0]) as log:
    compiled = compile_kernels()
    write_json(smk.output[0], {"numba": numba.__version__, "algorithms": list(compiled)})
    log.info("compiled the kernels of %s", ", ".join(compiled))
