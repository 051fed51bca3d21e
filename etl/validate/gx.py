"""`import_gx()`: Great Expectations, imported without the modules our suites never run.

GX imports scipy.stats and altair at module level for a few expectations and renderers that
the suites here do not use (KL divergence, Kolmogorov-Smirnov tests, charts); they are a third
of its import time, which every worker and every Airflow task process pays. Until GX is
imported, `import_gx` puts a stand-in for each into sys.modules that imports the real module
the first time anything reads one of its attributes. So an expectation that does use one still
works, and pays for the import then. `importlib.util.LazyLoader` cannot serve here: on
Python 3.11 the import system reads a module's `__spec__` on every `import` statement, which
makes a LazyLoader module load itself at once.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

# imported by GX at module level (great_expectations.expectations.core and .metrics), used only
# inside the functions of expectations that our suites do not run
DEFERRED = ("scipy.stats", "altair")

_lock = threading.RLock()  # re-entrant: the real module's own imports may read the stand-in


class _Deferred(types.ModuleType):
    """Stands in for module `name` in sys.modules until one of its attributes is read."""

    def __init__(self, name: str, spec):
        super().__init__(name)
        self.__spec__ = spec  # what the import system reads; it finds the module "not initializing"
        self.__loader__ = spec.loader
        self._real: types.ModuleType | None = None

    def __getattr__(self, attr: str):  # only for names it lacks: all of the module's own (so _load, not load)
        if attr == "_real":
            raise AttributeError(attr)
        return getattr(self._load(), attr)

    def _load(self) -> types.ModuleType:
        """The real module, imported now if it was not yet (it then replaces the stand-in in sys.modules)."""
        with _lock:
            if self._real is None:
                if sys.modules.get(self.__name__) is self:
                    del sys.modules[self.__name__]
                package, _, child = self.__name__.rpartition(".")
                if package and getattr(sys.modules.get(package), child, None) is self:
                    delattr(sys.modules[package], child)  # the real module's import sets it again
                self._real = importlib.import_module(self.__name__)
        return self._real


def defer(name: str) -> None:
    """Put a stand-in for module `name` into sys.modules (and onto its package), unless it is imported."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)  # imports the package of a submodule, not the submodule
    except ModuleNotFoundError:  # its package is not installed: GX's own import will say so
        return
    if spec is None:
        return
    module = _Deferred(name, spec)
    sys.modules[name] = module
    package, _, child = name.rpartition(".")
    if package:  # `from scipy import stats` takes the package's attribute, bypassing sys.modules
        setattr(sys.modules[package], child, module)


def import_gx():
    """`great_expectations`, imported (once per process) with the modules of DEFERRED standing in."""
    if "great_expectations" not in sys.modules:
        for name in DEFERRED:
            defer(name)
    import great_expectations

    return great_expectations
