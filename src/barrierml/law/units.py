"""Units of descriptors and of the expressions built from them: a unit is a map from a base
symbol to a rational exponent, parsed from the catalogue's text ("Å^3/atom", "g/cm^3", "1")."""

import re
from fractions import Fraction

DIMENSIONLESS = ("", "1", "-")


def parse(text):
    """{symbol: exponent} of a unit text; numerator factors before a '/', denominator after.
    A factor that is not `symbol` or `symbol^n` makes the whole text one opaque symbol, so an
    unusual unit can only ever be added to the very same unit."""
    text = str(text).strip()
    if text in DIMENSIONLESS:
        return {}
    top, _, bottom = text.partition("/")
    unit = {}
    for sign, part in ((1, top), (-1, bottom)):
        for factor in re.split(r"[\s·*]+", part.strip()):
            if not factor or factor == "1":
                continue
            match = re.fullmatch(r"([^\W\d_]+|Å)(?:\^(-?\d+(?:/\d+)?))?", factor)
            if match is None or "/" in bottom:
                return {text: Fraction(1)}
            unit[match.group(1)] = unit.get(match.group(1), 0) + sign * Fraction(
                match.group(2) or 1)
    return {k: v for k, v in unit.items() if v}


def multiply(a, b, power=1):
    """The unit of a · b^power."""
    out = dict(a)
    for symbol, exponent in b.items():
        out[symbol] = out.get(symbol, 0) + power * exponent
    return {k: v for k, v in out.items() if v}


def scale(a, power):
    """The unit of a^power."""
    return {k: v * Fraction(power) for k, v in a.items()}


def text(unit):
    """A unit as text: 'meV·Å^-3', '1' when dimensionless."""
    if not unit:
        return "1"
    parts = []
    for symbol, exponent in sorted(unit.items(), key=lambda item: (item[1] < 0, item[0])):
        parts.append(symbol if exponent == 1 else f"{symbol}^{exponent}")
    return "·".join(parts)
