"""The chosen model of a search as a small named type."""

from typing import NamedTuple


class Model(NamedTuple):
    """The chosen model of a search: algorithm, its tuned parameters and its random streams.

    Subset r's stream derives from (seed, algorithm, mechanism, 'subset', r, *stream); a
    replicate with another model seed or a null permutation has its own `stream` keys.
    """

    algorithm: str
    params: dict
    seed: int
    mechanism: str
    stream: tuple = ()


def chosen_model(choice, mechanism, seed, stream=()):
    """The Model of model_choice.json for one mechanism."""
    return Model(choice["algorithm"], choice["params"][mechanism], seed, mechanism, tuple(stream))
