"""The machine-learned interatomic potentials, loaded from the weights inside their wheels."""

import contextlib
import io
import logging
import shutil
import warnings

# The SevenNet checkpoints whose weights ship in the sevenn wheel (no download):
# name -> (checkpoint, modal: the fidelity of a multi-fidelity model).
SEVENNET = {"sevennet": ("7net-0", None), "sevennet-l3i5": ("7net-l3i5", None),
            "sevennet-mf0": ("7net-mf-0", "PBE")}
POTENTIALS = ("chgnet", *SEVENNET)
NAMES = {"chgnet": "CHGNet", "sevennet": "SevenNet-0", "sevennet-l3i5": "SevenNet-l3i5",
         "sevennet-mf0": "SevenNet-MF-0 (PBE)"}


def quiet():
    """Keep the potentials' reports that say nothing about a result out of build and predict
    logs: SevenNet's tensor-product accelerators are GPU-only; CHGNet hands each structure to
    pymatgen, which drops the FixSymmetry constraint (constraints act in ASE, not in the
    model), and reads a scalar off a tensor that carries a gradient."""
    for start in ("No tensor product accelerator", "Only FixAtoms and FixCartesian is supported",
                  "Converting a tensor with requires_grad=True to a scalar"):
        warnings.filterwarnings("ignore", message=start, category=UserWarning)


quiet()


def calculator(name="chgnet", threads=1, compiled=False):
    """An ASE calculator for the named potential on the CPU with `threads` torch threads.
    `compiled`: a SevenNet model runs through torch.compile (bench/README: 1.2-1.4x less CPU
    per force call, forces equal to float32 rounding; its first calls compile for a few tens of
    seconds), if a C++ compiler is there to build it."""
    import torch

    if name not in POTENTIALS:
        raise ValueError(f"unknown potential {name!r}; choose one of {POTENTIALS}")
    torch.set_num_threads(threads)
    if name in SEVENNET:
        from sevenn.calculator import SevenNetCalculator

        checkpoint, modal = SEVENNET[name]
        calc = SevenNetCalculator(checkpoint, device="cpu", modal=modal)
        if compiled and (shutil.which("g++") or shutil.which("c++")):
            # the graph breaks and recompile limits it reports are expected, not failures
            torch._logging.set_logs(dynamo=logging.ERROR)
            calc.model = torch.compile(calc.model, dynamic=True)
        return calc
    from chgnet.model import CHGNet
    from chgnet.model.dynamics import CHGNetCalculator

    with contextlib.redirect_stdout(io.StringIO()):  # and its "CHGNet will run on cpu"
        model = CHGNet.load(verbose=False)
        return CHGNetCalculator(model=model, use_device="cpu", check_cuda_mem=False)


def copies(calc, n):
    """n calculators sharing `calc`'s model, one per NEB image: a shared calculator keeps one
    result cache, so every image would be recomputed at each query (about 4x the calls).
    Any other ASE calculator is rebuilt from its parameters."""
    kind = type(calc).__name__
    if kind == "SevenNetCalculator":
        from sevenn.calculator import SevenNetCalculator

        plain = getattr(calc.model, "_orig_mod", calc.model)  # the model inside a compiled one
        images = [SevenNetCalculator(plain, file_type="model_instance", device="cpu",
                                     modal=calc.modal) for _ in range(n)]
        for image in images:
            image.model = calc.model
        return images
    if kind == "CHGNetCalculator":
        from chgnet.model.dynamics import CHGNetCalculator

        with contextlib.redirect_stdout(io.StringIO()):
            return [CHGNetCalculator(model=calc.model, use_device="cpu", check_cuda_mem=False)
                    for _ in range(n)]
    return [type(calc)(**calc.parameters) for _ in range(n)]


def version(name="chgnet"):
    """Package and weights of the potential, for provenance."""
    from importlib.metadata import version as installed

    if name in SEVENNET:
        checkpoint, modal = SEVENNET[name]
        fidelity = f", modal {modal}" if modal else ""
        return f"sevenn {installed('sevenn')} ({NAMES[name]}, checkpoint {checkpoint}{fidelity})"
    return f"chgnet {installed('chgnet')} (CHGNet weights 0.3.0)"
