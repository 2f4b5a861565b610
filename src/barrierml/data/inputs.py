"""From a checked config to validated per-mechanism tables: the one entry point of the data stage."""

from barrierml.data.catalogue import load_catalogue
from barrierml.data.table import check_headers, read_table, validate_table
from barrierml.errors import InputError


def descriptor_columns(catalogue, absent):
    """Catalogue columns the table must have: all but those declared absent."""
    known = [d.column for d in catalogue]
    unknown = [a for a in absent if a not in known]
    if unknown:
        raise InputError("config data.absent", ", ".join(unknown), "not in the descriptor catalogue",
                         f"list only catalogue columns ({', '.join(known[:6])}, ...)")
    return [c for c in known if c not in absent]


def rename_columns(df, path, rename, known):
    """Apply config data.rename ({table header: catalogue column}), e.g. the paper's symbols."""
    for header, column in rename.items():
        if header not in df.columns:
            raise InputError(path, f"column '{header}'", "named in config data.rename but missing",
                             "fix the header in data.rename, or remove the entry")
        if column not in known:
            raise InputError("config data.rename", f"'{header}': '{column}'",
                             "the target is not a catalogue column",
                             f"map to a catalogue column ({', '.join(known[:6])}, ...)")
    df = df.rename(columns=rename)
    check_headers(df, path)
    return df


def load_inputs(data_config):
    """Catalogue, descriptor columns and {mechanism: frame} for the config's `data` section."""
    catalogue = load_catalogue(data_config["catalogue"], data_config["extra_descriptors"])
    descriptors = descriptor_columns(catalogue, data_config["absent"])
    raw = rename_columns(read_table(data_config["table"], data_config["sheet"]),
                         data_config["table"], data_config["rename"],
                         [d.column for d in catalogue])
    try:
        tables = validate_table(raw, data_config["table"], descriptors, data_config["columns"],
                                data_config["mechanisms"], data_config["units"])
    except InputError as err:
        excel = str(data_config["table"]).lower().endswith((".xlsx", ".xlsm", ".xls"))
        if excel and data_config["sheet"] is None and err.problem.startswith("missing"):
            raise InputError(err.source, err.where, err.problem + " in the workbook's first sheet",
                             "set data.sheet to the sheet that holds the table, or "
                             + err.fix) from None
        raise
    return catalogue, descriptors, tables
