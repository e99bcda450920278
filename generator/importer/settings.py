"""Another generator's settings, read as data: ``pelicanconf.py`` through ``ast`` (literal
assignments only, never executed), Jekyll's ``_config.yml`` with safe YAML, Hugo's
``hugo.toml``/``config.toml``/``.yaml``/``.json``."""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path
from typing import Any

import yaml

from .model import ImportFailed


def pelican(site: Path) -> dict[str, Any]:
    """Every ``NAME = <literal>`` of pelicanconf.py; other statements are left unread."""
    path = site / "pelicanconf.py"
    try:
        tree = ast.parse(path.read_text("utf-8"), str(path))
    except OSError as exc:
        raise ImportFailed(
            f"{path}: cannot read a Pelican site's settings: {exc.strerror}"
        ) from None
    except (SyntaxError, UnicodeDecodeError, ValueError) as exc:
        raise ImportFailed(f"{path}: not readable Python: {exc}") from None
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.isupper():
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    continue  # a computed value: its default applies
    return found


def jekyll(site: Path) -> dict[str, Any]:
    path = site / "_config.yml"
    if not path.is_file():
        path = site / "_config.yaml"
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except OSError as exc:
        raise ImportFailed(
            f"{path}: cannot read a Jekyll site's settings: {exc.strerror}"
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ImportFailed(f"{path}: expected a mapping of settings")
    return data


HUGO_FILES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
              "config.toml", "config.yaml", "config.yml", "config.json")  # fmt: skip


def hugo(site: Path) -> dict[str, Any]:
    path = next((site / name for name in HUGO_FILES if (site / name).is_file()), None)
    if path is None:
        raise ImportFailed(f"{site}: not a Hugo site (no {', '.join(HUGO_FILES[:2])} or config.*)")
    try:
        text = path.read_text("utf-8")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text) or {}
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read: {exc.strerror}") from None
    except (
        tomllib.TOMLDecodeError,
        json.JSONDecodeError,
        yaml.YAMLError,
        UnicodeDecodeError,
    ) as exc:
        raise ImportFailed(f"{path}: not readable settings: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ImportFailed(f"{path}: expected a mapping of settings")
    # Hugo reads its keys case-insensitively (baseURL, baseurl)
    return {str(k).lower(): v for k, v in data.items()}
