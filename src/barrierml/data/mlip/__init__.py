"""The Data stage: anti-perovskite structures, migration paths, MLIP barriers and descriptors.

Needs the optional extra ``barrierml[data]`` (torch, chgnet, ase, phonopy). Nothing here is DFT:
energies and forces come from a universal machine-learned interatomic potential.
"""
