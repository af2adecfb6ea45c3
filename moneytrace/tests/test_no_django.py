"""moneytrace is a library of its own: importing it must not pull in Django or iproceeds."""

import subprocess
import sys

CHECK = (
    "import moneytrace, moneytrace.money, moneytrace.ledger, moneytrace.trace, moneytrace.schedule, "
    "moneytrace.methods.reference, moneytrace.kernels.run; import sys; "
    "bad = sorted(m for m in sys.modules if m.startswith(('django', 'iproceeds'))); "
    "assert not bad, bad"
)


def test_imports_without_django():
    # when: the library is imported in a fresh interpreter
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=False)
    # then
    assert done.returncode == 0, done.stderr
