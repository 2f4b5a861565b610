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


MAX_VALUES = 100_000  # a config that expands to more values is an alias bomb, not a config


def _expanded_size(node, sizes):
    """How many values `node` holds once YAML aliases are expanded (memoised on shared
    containers, so a bomb is measured without being expanded)."""
    if not isinstance(node, (dict, list)):
        return 1
    if id(node) not in sizes:
        sizes[id(node)] = MAX_VALUES + 1  # a container inside itself
        items = node.values() if isinstance(node, dict) else node
        sizes[id(node)] = 1 + sum(_expanded_size(item, sizes) for item in items)
    return sizes[id(node)]


def _strings(node, where=""):
    """(key path, text) of every key and string value of a config."""
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}.{key}" if where else str(key)
            if isinstance(key, str):
                yield path, key
            yield from _strings(value, path)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{where}[{i}]")
    elif isinstance(node, str):
        yield where, node


def check_inert(config, source="config"):
    """Config text reaches the report's script blocks through rules' params, unescaped: refuse
    '<' and '>' (an HTML tag) and control characters in any key or value."""
    for where, text in _strings(config):
        if any(ch in "<>" or (ord(ch) < 32 and ch not in "\t\n") for ch in text):
            raise InputError(source, f"key {where or '(top level)'}",
                             f"{text[:40]!r} holds '<', '>' or a control character, which the "
                             "report would write into its HTML as they are",
                             "write the text without them (e.g. 'below', 'above')")


def check_config(config, source="config"):
    """Raise InputError naming the first bad key; then fill defaults in place."""
    if _expanded_size(config, {}) > MAX_VALUES:
        raise InputError(source, "whole config", f"expands to more than {MAX_VALUES:,} values "
                         "(nested YAML aliases)", "write the config without aliases of aliases")
    check_inert(config, source)
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
    _check_law(source, config["law"])
    return config


def _check_law(source, law):
    """The law's exact search must stay a few million least-squares fits."""
    from barrierml.law.sisso import MAX_COMBINATIONS, combinations_count

    count = combinations_count(law["screened"], law["max_terms"])
    if count > MAX_COMBINATIONS:
        raise InputError(source, "keys law.screened, law.max_terms",
                         f"the law's exact search would fit {count:,} combinations "
                         f"(more than {MAX_COMBINATIONS:,})",
                         "lower law.screened or law.max_terms")


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
