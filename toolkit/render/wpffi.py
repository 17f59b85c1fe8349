"""Import WeasyPrint with its C declarations parsed once and cached (~0.4 s less in every render process).

WeasyPrint declares the Pango / HarfBuzz / fontconfig functions it calls as one C source string given to
cffi (``ffi.cdef(...)`` in ``weasyprint/text/ffi.py``). In that "in-line" mode cffi parses the string with
pycparser at every import (~0.2 s), and parses again each C type written as a string the first time it is
used (``ffi.new("PangoRectangle *")``: another ~0.2 s per process, since each parse re-reads every typedef).
cffi's "out-of-line ABI mode" does the parsing ahead of time into a compact type table; loading the table
takes milliseconds and type strings are then resolved in C.

:func:`import_weasyprint` builds that table from the declarations of the installed WeasyPrint (read from its
source with ``ast``, never copied by hand), keeps it in the user's cache folder under a key that covers the
declarations and the cffi version, and imports WeasyPrint with the pre-parsed FFI object in place of the one
it would build. The libraries are still opened by WeasyPrint's own code. Anything unexpected — a WeasyPrint
whose ffi module looks different, a cache that cannot be written or read — falls back to the ordinary
import; ``QZQD_NO_FFI_CACHE=1`` turns the whole thing off.

>>> weasyprint = import_weasyprint()  # doctest: +SKIP
"""

from __future__ import annotations

import ast
import gc
import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

FFI_MODULE = "weasyprint.text.ffi"


def cache_dir() -> Path:
    """Where qzqd keeps files it can always rebuild (per user)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "qzqd" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "qzqd"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qzqd"


def weasyprint_cdef() -> str | None:
    """The C declarations WeasyPrint hands to cffi, read from its source (None: not one literal string)."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return None
    source = (Path(spec.origin).parent / "text" / "ffi.py").read_text(encoding="utf-8")
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cdef"
    ]
    if len(calls) != 1 or len(calls[0].args) != 1 or calls[0].keywords:
        return None
    arg = calls[0].args[0]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def _table_path(cdef: str) -> Path:
    import cffi

    key = hashlib.sha256(f"{cffi.__version__}\0{cdef}".encode()).hexdigest()[:16]
    return cache_dir() / f"weasyprint-ffi-{key}.py"


def _build_table(cdef: str, path: Path) -> None:
    """Parse the declarations once and write cffi's out-of-line module (pure Python data, no compiler)."""
    import contextlib
    import io
    import tempfile

    import cffi

    from ..fsutil import atomic_output

    builder = cffi.FFI()
    builder.cdef(cdef)
    builder.set_source("_qzqd_weasyprint_ffi", None)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qzqd-ffi-") as tmpdir:
        generated = Path(tmpdir) / "table.py"
        with contextlib.redirect_stdout(io.StringIO()):  # cffi says "generating <file>" on stdout
            builder.emit_python_code(str(generated))
        with atomic_output(path, force=True) as tmp:
            tmp.write_bytes(generated.read_bytes())


def _read_table(path: Path) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of the ``_cffi_backend.FFI(...)`` call in a generated module, as literals (nothing runs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "FFI":
            args = tuple(ast.literal_eval(a) for a in node.args)
            kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg is not None}
            return args, kwargs
    raise ValueError(f"no FFI table in {path}")


def prebuilt_ffi() -> Any | None:
    """An out-of-line FFI object equivalent to WeasyPrint's, whose ``cdef`` accepts exactly its declarations."""
    import _cffi_backend

    cdef = weasyprint_cdef()
    if cdef is None:
        return None
    path = _table_path(cdef)
    try:
        args, kwargs = _read_table(path)
    except (OSError, SyntaxError, ValueError):  # not built yet, or damaged: (re)build it
        _build_table(cdef, path)
        args, kwargs = _read_table(path)

    class PrebuiltFFI(_cffi_backend.FFI):  # type: ignore[misc,name-defined]
        def cdef(self, csource: str, *more: Any, **options: Any) -> None:
            if csource != cdef or more or options:
                raise ImportError("WeasyPrint's C declarations differ from the cached table")

    return PrebuiltFFI(*args, **kwargs)


def import_weasyprint() -> ModuleType:
    """``import weasyprint``, with the pre-parsed FFI when possible (same modules, same libraries)."""
    if "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    # Importing creates ~100,000 long-lived objects and no garbage: ~100 collections would only rescan them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _import()
    finally:
        if was_enabled:
            gc.enable()


def _import() -> ModuleType:
    if os.environ.get("QZQD_NO_FFI_CACHE", ""):
        import weasyprint

        return weasyprint
    try:
        ffi = prebuilt_ffi()
    except Exception:  # noqa: BLE001 - any trouble with the cache: the ordinary import still works
        ffi = None
    if ffi is not None:
        try:
            _import_with(ffi)
        except Exception:  # noqa: BLE001 - start again the ordinary way
            for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[name]
    import weasyprint

    return weasyprint


def _import_with(ffi: Any) -> None:
    import cffi

    real = cffi.FFI

    def make_ffi(*args: Any, **kwargs: Any) -> Any:
        # Only WeasyPrint's ffi module gets the prebuilt object; anything else imported meanwhile gets cffi's.
        if sys._getframe(1).f_globals.get("__name__") == FFI_MODULE and not args and not kwargs:
            return ffi
        return real(*args, **kwargs)

    cffi.FFI = make_ffi  # type: ignore[misc,assignment]
    try:
        import weasyprint  # noqa: F401
    finally:
        cffi.FFI = real  # type: ignore[misc]
