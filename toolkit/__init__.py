"""qzqd: keep a government unit's 权责清单 (list of powers and responsibilities).

One package, two faces: this small library API and the ``qzqd`` command line (``toolkit.cli``).

>>> import toolkit
>>> pl = toolkit.read_workbook("workbooks/xingan-2022.xlsx")  # doctest: +SKIP
>>> toolkit.validate(pl).errors  # doctest: +SKIP
5
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # the names below are imported on first access (see __getattr__)
    from .citations.registry import load_registry
    from .diff import Diff, diff
    from .errors import QzqdError
    from .laws.add import add_law
    from .laws.changes import law_changes, list_changes
    from .model import COLUMNS, Finding, Notice, PowerList
    from .reading import import_file
    from .reading.xlsx import read_workbook
    from .render import render
    from .update import update_citations
    from .validate import Options as ValidateOptions
    from .validate import Report, validate
    from .writer import init_workbook, write_workbook

# Public name -> (submodule, name in it). Nothing is imported until a name is used: `qzqd render` must not
# pay for pandas, pandera, openpyxl and the other features at start-up (about 1 s).
_LAZY: dict[str, tuple[str, str]] = {
    "COLUMNS": ("model", "COLUMNS"),
    "Diff": ("diff", "Diff"),
    "Finding": ("model", "Finding"),
    "Notice": ("model", "Notice"),
    "PowerList": ("model", "PowerList"),
    "QzqdError": ("errors", "QzqdError"),
    "Report": ("validate", "Report"),
    "ValidateOptions": ("validate", "Options"),
    "diff": ("diff", "diff"),
    "import_file": ("reading", "import_file"),
    "add_law": ("laws.add", "add_law"),
    "init_workbook": ("writer", "init_workbook"),
    "law_changes": ("laws.changes", "law_changes"),
    "list_changes": ("laws.changes", "list_changes"),
    "load_registry": ("citations.registry", "load_registry"),
    "read_workbook": ("reading", "read_workbook"),
    "render": ("render", "render"),
    "update_citations": ("update", "update_citations"),
    "validate": ("validate", "validate"),
    "write_workbook": ("writer", "write_workbook"),
}
# validate, diff and render are functions that shadow their subpackages' names on purpose: toolkit.validate(...)
# is the function, while `from toolkit.validate import Options` still reaches the subpackage (through
# sys.modules, not through this attribute).
_SHADOWED = ("validate", "diff", "render")


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{target[0]}")
    value = getattr(module, target[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(ModuleType):
    """Keeps the shadowing: importing the subpackage ``toolkit.validate`` (which makes the import system set
    the attribute ``toolkit.validate`` to the module) leaves the attribute bound to the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, ModuleType) and value.__name__ == f"{__name__}.{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


# The reading side moved into toolkit.reading; the old module names still import (the same module objects)
# so that code written against them keeps working while branches merge. New code imports toolkit.reading.*.
_MOVED = {
    "workbook": "reading.xlsx",
    "tablegrid": "reading.grid",
    "sheetxml": "reading.sheetxml",
    "seqnum": "reading.numbering",
    "readcodes": "reading.codes",
    "importers": "reading.dispatch",
    "importers.docx": "reading.docx",
    "importers.docx_text": "reading.docx_text",
    "importers.html_table": "reading.html",
    "importers.preamble": "reading.preamble",
    "importers.word_text": "reading.word_text",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves ``toolkit.workbook`` and the other old names to their modules in :mod:`toolkit.reading`."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        prefix = __name__ + "."
        if not fullname.startswith(prefix) or fullname[len(prefix) :] not in _MOVED:
            return None
        spec = importlib.util.spec_from_loader(fullname, self)
        if spec is not None and fullname[len(prefix) :] == "importers":
            spec.submodule_search_locations = []  # a package, so that toolkit.importers.docx resolves
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(f"{__name__}.{_MOVED[spec.name[len(__name__) + 1 :]]}")

    def exec_module(self, module: ModuleType) -> None:
        pass  # the module it stands for is loaded already


sys.meta_path.insert(0, _MovedModules())  # before the editable install's finder, which knows the old files

__all__ = [
    "COLUMNS",
    "Diff",
    "Finding",
    "Notice",
    "PowerList",
    "QzqdError",
    "Report",
    "ValidateOptions",
    "__version__",
    "add_law",
    "diff",
    "import_file",
    "init_workbook",
    "law_changes",
    "list_changes",
    "load_registry",
    "read_workbook",
    "render",
    "update_citations",
    "validate",
    "write_workbook",
]
