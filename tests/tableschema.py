"""tests — a Frictionless Data Package / Table Schema checker, standard library only (no network).

It applies the rules of the Table Schema, Tabular Data Resource and CSV Dialect specifications
(v1) that a package yosan writes can break: the descriptor's shape (required properties, the
name patterns, types and formats that exist, constraints that fit their field's type, enum
values valid for their type, missingValues), then every row of the data against the schema
(the header is the field names in order; each cell a missing value or a valid lexical form of
its type, with bareNumber; required, enum and minimum). It returns a list of problems, empty
when the package is valid.
"""

import csv
import io
import json
import os
import re

NAME = re.compile(r"^[-a-z0-9._/]+$")  # package and resource names (Data Package v1)
MEDIATYPE = re.compile(r"^(.+)/(.+)$")
TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time",
         "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"}
FORMATS = {"string": {"default", "email", "uri", "binary", "uuid"},
           "number": {"default"}, "integer": {"default"}}
# the constraints each type may carry (Table Schema: "Constraints")
CONSTRAINTS = {
    "string": {"required", "unique", "pattern", "enum", "minLength", "maxLength"},
    "number": {"required", "unique", "pattern", "enum", "minimum", "maximum"},
    "integer": {"required", "unique", "pattern", "enum", "minimum", "maximum"},
}
FIELD_KEYS = {"name", "title", "description", "type", "format", "constraints", "rdfType",
              "example"}
NUMBER_KEYS = {"bareNumber", "decimalChar", "groupChar"}
DIALECT_KEYS = {"delimiter", "doubleQuote", "lineTerminator", "quoteChar", "escapeChar",
                "skipInitialSpace", "header", "commentChar", "caseSensitiveHeader",
                "nullSequence", "csvddfVersion"}
# XML Schema decimal with the Table Schema's additions (exponent); and the special values
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
SPECIAL = {"nan", "inf", "-inf"}
INTEGER = re.compile(r"^[+-]?\d+$")


def cast(field, text):
    """TEXT as FIELD's type; raises ValueError when it is not a valid lexical form."""
    kind = field.get("type", "string")
    if kind == "string":
        return text
    if field.get("bareNumber", True) is False:
        text = re.sub(r"^[^\d+-.]+|[^\d.]+$", "", text)
    if kind == "integer":
        if not INTEGER.match(text):
            raise ValueError(f"not an integer: {text!r}")
        return int(text)
    if kind == "number":
        decimal, group = field.get("decimalChar", "."), field.get("groupChar")
        if group:
            text = text.replace(group, "")
        if decimal != ".":
            text = text.replace(decimal, ".")
        if text.lower() in SPECIAL:
            return float(text)
        if not NUMBER.match(text):
            raise ValueError(f"not a number: {text!r}")
        return float(text)
    raise ValueError(f"type {kind} is not one this checker reads")


def check_field(field, problems, where):
    if not isinstance(field, dict):
        problems.append(f"{where}: a field must be an object")
        return
    name, kind = field.get("name"), field.get("type", "string")
    if not isinstance(name, str) or not name:
        problems.append(f"{where}: a field needs a name (a string)")
    if kind not in TYPES:
        problems.append(f"{where}: type {kind!r} is not a Table Schema type")
        return
    allowed = FIELD_KEYS | (NUMBER_KEYS if kind == "number" else set()) | (
        {"bareNumber"} if kind == "integer" else set())
    for key in field:
        if key not in allowed:
            problems.append(f"{where}: {key!r} is not a property of a {kind} field")
    for key in ("title", "description"):
        if key in field and not isinstance(field[key], str):
            problems.append(f"{where}: {key} must be a string")
    if "bareNumber" in field and not isinstance(field["bareNumber"], bool):
        problems.append(f"{where}: bareNumber must be true or false")
    fmt = field.get("format", "default")
    if kind in FORMATS and fmt not in FORMATS[kind]:
        problems.append(f"{where}: format {fmt!r} does not exist for {kind}")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        problems.append(f"{where}: constraints must be an object")
        return
    for key, value in constraints.items():
        if key not in CONSTRAINTS.get(kind, set()):
            problems.append(f"{where}: constraint {key!r} is not one of a {kind} field")
        elif key in ("required", "unique") and not isinstance(value, bool):
            problems.append(f"{where}: {key} must be true or false")
        elif key in ("minLength", "maxLength") and not isinstance(value, int):
            problems.append(f"{where}: {key} must be an integer")
        elif key in ("minimum", "maximum"):
            try:
                cast(field, value) if isinstance(value, str) else None
                if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                    raise ValueError(value)
                if kind == "integer" and isinstance(value, float):
                    raise ValueError(value)
            except ValueError:
                problems.append(f"{where}: {key} {value!r} is not a {kind}")
        elif key == "enum":
            if not isinstance(value, list) or not value:
                problems.append(f"{where}: enum must be a list of at least one value")
            elif len(set(map(json.dumps, value))) != len(value):
                problems.append(f"{where}: enum values must be unique")
            else:
                for v in value:
                    try:
                        if not isinstance(v, str) and kind == "string":
                            raise ValueError(v)
                        if isinstance(v, str):
                            cast(field, v)
                    except ValueError:
                        problems.append(f"{where}: enum value {v!r} is not a {kind}")


def check_schema(schema, problems, where="schema"):
    if not isinstance(schema, dict):
        problems.append(f"{where}: must be an object")
        return
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(f"{where}: fields must be a list of at least one field")
        return
    names = []
    for i, field in enumerate(fields):
        check_field(field, problems, f"{where}.fields[{i}]")
        if isinstance(field, dict):
            names.append(field.get("name"))
    if len(set(names)) != len(names):
        problems.append(f"{where}: field names must be unique")
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        problems.append(f"{where}: missingValues must be a list of strings")
    key = schema.get("primaryKey")
    if key is not None:
        for k in [key] if isinstance(key, str) else key:
            if k not in names:
                problems.append(f"{where}: primaryKey names {k!r}, not a field")


def check_rows(schema, header, rows, problems, where):
    """Every row of a table against SCHEMA (the header too); at most 20 problems."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if header != names:
        problems.append(f"{where}: header {header} is not the schema's fields {names}")
        return
    missing = set(schema.get("missingValues", [""]))
    start = len(problems)
    for number, row in enumerate(rows, start=2):
        if len(row) != len(fields):
            problems.append(f"{where}:{number}: {len(row)} cells, the schema has {len(fields)}")
            continue
        for field, text in zip(fields, row):
            c = field.get("constraints", {})
            if text in missing:
                if c.get("required"):
                    problems.append(f"{where}:{number}: {field['name']} is required, and empty")
                continue
            try:
                value = cast(field, text)
            except ValueError as e:
                problems.append(f"{where}:{number}: {field['name']}: {e}")
                continue
            if "enum" in c and value not in [cast(field, v) if isinstance(v, str) else v
                                             for v in c["enum"]]:
                problems.append(f"{where}:{number}: {field['name']} {text!r} is not in its enum")
            if "minimum" in c and value < (cast(field, c["minimum"])
                                           if isinstance(c["minimum"], str) else c["minimum"]):
                problems.append(f"{where}:{number}: {field['name']} {text!r} < its minimum")
        if len(problems) - start >= 20:
            problems.append(f"{where}: (more left out)")
            return


def check_package(path):
    """The data package at PATH and the CSV files it describes: the problems found."""
    problems = []
    with open(path, encoding="utf-8") as f:
        package = json.load(f)
    if not isinstance(package, dict):
        return [f"{path}: a data package is a JSON object"]
    if "name" in package and not (isinstance(package["name"], str)
                                  and NAME.match(package["name"])):
        problems.append(f"{path}: name {package['name']!r} is not lower case a-z 0-9 . - _ /")
    tabular = package.get("profile") == "tabular-data-package"
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        return problems + [f"{path}: resources must be a list of at least one resource"]
    for i, res in enumerate(resources):
        where = f"{path}: resources[{i}]"
        if not isinstance(res.get("name"), str) or not NAME.match(res["name"]):
            problems.append(f"{where}: a resource needs a name of a-z 0-9 . - _ /")
        data_path = res.get("path")
        if not isinstance(data_path, str) or os.path.isabs(data_path) or ".." in data_path.split("/"):
            problems.append(f"{where}: path must be a relative POSIX path without '..'")
            continue
        if "mediatype" in res and not MEDIATYPE.match(res["mediatype"]):
            problems.append(f"{where}: mediatype {res['mediatype']!r} is not type/subtype")
        if tabular and res.get("profile") != "tabular-data-resource":
            problems.append(f"{where}: a tabular data package holds tabular-data-resources")
        schema = res.get("schema")
        if tabular and schema is None:
            problems.append(f"{where}: a tabular data resource needs a schema")
            continue
        check_schema(schema, problems, f"{where}.schema")
        dialect = res.get("dialect", {})
        for key in dialect:
            if key not in DIALECT_KEYS:
                problems.append(f"{where}: {key!r} is not a CSV Dialect property")
        for key in ("delimiter", "quoteChar"):
            if key in dialect and (not isinstance(dialect[key], str) or len(dialect[key]) != 1):
                problems.append(f"{where}: dialect {key} must be one character")
        if problems:
            continue
        encoding = res.get("encoding", "utf-8")
        raw = open(os.path.join(os.path.dirname(path), data_path), "rb").read()
        if encoding.lower() in ("utf-8", "utf8") and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # as readers do: a byte order mark is not data
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError) as e:
            problems.append(f"{where}: {data_path} does not read as {encoding}: {e}")
            continue
        reader = csv.reader(io.StringIO(text, newline=""),
                            delimiter=dialect.get("delimiter", ","),
                            quotechar=dialect.get("quoteChar", '"'),
                            doublequote=dialect.get("doubleQuote", True))
        rows = list(reader)
        header = rows.pop(0) if dialect.get("header", True) and rows else []
        check_rows(schema, header, rows, problems, f"{data_path}")
    return problems
