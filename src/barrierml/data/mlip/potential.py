"""The machine-learned interatomic potentials, loaded from the weights inside their wheels."""

import contextlib
import io

# name -> what is reported in provenance; the weights ship in the PyPI wheel, no download.
POTENTIALS = ("chgnet", "sevennet")


def calculator(name="chgnet", threads=1):
    """An ASE calculator for the named potential on the CPU with `threads` torch threads."""
    import torch

    if name not in POTENTIALS:
        raise ValueError(f"unknown potential {name!r}; choose one of {POTENTIALS}")
    torch.set_num_threads(threads)
    if name == "sevennet":
        from sevenn.calculator import SevenNetCalculator

        return SevenNetCalculator("7net-0", device="cpu")
    from chgnet.model import CHGNet
    from chgnet.model.dynamics import CHGNetCalculator

    with contextlib.redirect_stdout(io.StringIO()):
        model = CHGNet.load(verbose=False)
    return CHGNetCalculator(model=model, use_device="cpu", check_cuda_mem=False)


def copies(calc, n):
    """n calculators sharing `calc`'s model, one per NEB image: a shared calculator keeps one
    result cache, so every image would be recomputed at each query (about 4x the calls).
    Any other ASE calculator is rebuilt from its parameters."""
    kind = type(calc).__name__
    if kind == "SevenNetCalculator":
        from sevenn.calculator import SevenNetCalculator

        return [SevenNetCalculator(calc.model, file_type="model_instance", device="cpu")
                for _ in range(n)]
    if kind == "CHGNetCalculator":
        from chgnet.model.dynamics import CHGNetCalculator

        return [CHGNetCalculator(model=calc.model, use_device="cpu", check_cuda_mem=False)
                for _ in range(n)]
    return [type(calc)(**calc.parameters) for _ in range(n)]


def version(name="chgnet"):
    """Package and weights of the potential, for provenance."""
    from importlib.metadata import version as installed

    if name == "sevennet":
        return f"sevenn {installed('sevenn')} (SevenNet-0, checkpoint 7net-0)"
    return f"chgnet {installed('chgnet')} (CHGNet weights 0.3.0)"
