"""GX imported through etl.validate.gx: scipy.stats and altair wait until something uses them."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# in a fresh interpreter: this test process may have imported GX (and its modules) already
PROBE = """
import json, sys
from etl.validate.gx import import_gx
gx = import_gx()
loaded = {name: name in sys.modules for name in ("scipy.stats._stats_py", "altair.vegalite")}
suite = gx.ExpectationSuite(name="probe")
from scipy import stats
import altair as alt
import scipy.stats._distn_infrastructure as infrastructure
print(json.dumps({
    "before_use": loaded,
    "suite": suite.name,
    "entropy": float(stats.entropy([0.5, 0.5])),
    "chart": alt.Chart.__name__,
    "real_modules": [type(sys.modules[name]).__name__ for name in ("scipy.stats", "altair")],
    "submodule": infrastructure.__name__,
}))
"""


def test_gx_imports_without_scipy_stats_and_altair_and_they_load_when_used():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before_use"] == {"scipy.stats._stats_py": False, "altair.vegalite": False}
    assert seen["suite"] == "probe"
    assert abs(seen["entropy"] - 0.6931471805599453) < 1e-12
    assert seen["chart"] == "Chart"
    assert seen["real_modules"] == ["module", "module"]  # the stand-ins gave way to the real modules
    assert seen["submodule"] == "scipy.stats._distn_infrastructure"


def test_import_gx_leaves_an_already_imported_module_alone():
    probe = ("import sys, scipy.stats\nfrom etl.validate.gx import import_gx\nimport_gx()\n"
             "print(type(sys.modules['scipy.stats']).__name__)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "module"
