"""JSON Schema for every knowledge-base file, made from the pydantic models, so an editor
validates and completes a knowledge base while a person edits it.

Each YAML file names its schema in a first-line comment that the YAML language server (VS Code,
Neovim, JetBrains and others) reads: `# yaml-language-server: $schema=schema/roles.schema.json`,
relative to the file. The schema catches what one file can say wrong (unknown keys, types,
ranges, id patterns); `roleadvisor kb validate` stays the authority, adding the checks across
files (references that resolve, duplicate ids, the questionnaire's tree).
"""

from __future__ import annotations

import json
import re

from roleadvisor.kb.loader import KB_FILES

SCHEMA_DIR = "schema"  # beside the YAML files, in the shipped data and in `kb init` copies
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_COMMENT = re.compile(r"\A# yaml-language-server: \$schema=\S*[ \t]*\n")


def schema_name(kb_file: str) -> str:
    """`roles.yaml` -> `roles.schema.json`."""
    return kb_file.rsplit(".", 1)[0] + ".schema.json"


def json_schemas() -> dict[str, str]:
    """Schema file name -> its JSON text, one per knowledge-base file."""
    written: dict[str, str] = {}
    for kb_file in KB_FILES:
        schema = {
            "$schema": DIALECT,
            "$comment": f"The {kb_file} file of a roleadvisor knowledge base; "
            "`roleadvisor kb validate` checks it across files.",
            **KB_FILES[kb_file].model_json_schema(),
        }
        written[schema_name(kb_file)] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return written


def schema_comment(kb_file: str, schema_dir: str = SCHEMA_DIR) -> str:
    return f"# yaml-language-server: $schema={schema_dir}/{schema_name(kb_file)}\n"


def with_schema_comment(text: str, kb_file: str, schema_dir: str = SCHEMA_DIR) -> str:
    """The file's text with its first line naming its schema (replacing an older such line)."""
    return schema_comment(kb_file, schema_dir) + _COMMENT.sub("", text, count=1)
