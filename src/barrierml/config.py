"""The config schema (config.schema.yaml beside this file): check with clear errors, fill defaults."""

import copy
import difflib
from pathlib import Path

import jsonschema
import yaml

from barrierml.errors import InputError
from barrierml.tune.registry import ALGORITHMS

SCHEMA = Path(__file__).with_name("config.schema.yaml")


def _key(error):
    return ".".join(str(p) for p in error.absolute_path) or "(top level)"


def _fill_defaults(validator_class):
    """A validator class that also fills each missing property with its schema default."""
    check_properties = validator_class.VALIDATORS["properties"]

    def properties(validator, properties, instance, schema):
        if validator.is_type(instance, "object"):
            for name, subschema in properties.items():
                if "default" in subschema and name not in instance:
                    instance[name] = copy.deepcopy(subschema["default"])
        yield from check_properties(validator, properties, instance, schema)

    return jsonschema.validators.extend(validator_class, {"properties": properties})


def check_config(config, source="config"):
    """Raise InputError naming the first bad key; then fill defaults in place."""
    schema = yaml.safe_load(SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        hint = error.schema.get("description", "see config.yaml and the README's config table")
        raise InputError(source, f"key {_key(error)}", error.message, f"expected: {hint}")
    _fill_defaults(jsonschema.Draft202012Validator)(schema).validate(config)
    unknown = [a for a in config["tune"]["algorithms"] if a not in ALGORITHMS]
    if unknown:
        raise InputError(source, f"key tune.algorithms.{unknown[0]}", "unknown algorithm",
                         f"use one of {', '.join(ALGORITHMS)}")
    missing = [a for a in config["tune"]["use"] or [] if a not in config["tune"]["algorithms"]]
    if missing:
        raise InputError(source, "key tune.use", f"{', '.join(missing)} has no grid",
                         "list only algorithms of tune.algorithms")
    for name, grid in config["tune"]["algorithms"].items():
        _check_grid(source, name, grid)
    return config


def _check_grid(source, name, grid):
    """Each grid key must be a parameter of the scikit-learn estimator (its own name)."""
    known = sorted(ALGORITHMS[name][1]().get_params())
    for key in grid:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            raise InputError(source, f"key tune.algorithms.{name}.{key}",
                             f"not a parameter of {name}",
                             f"write '{near[0]}'" if near else
                             f"use the estimator's own names: {', '.join(known)}")


def algorithms(config):
    """The algorithms to tune: tune.use, or every algorithm with a grid."""
    return list(config["tune"]["use"] or config["tune"]["algorithms"])
