"""The kernels' exact integer arithmetic, against Python's unbounded integers."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from moneytrace.kernels.numba_kernels import cap_parts, muldiv_checked
from moneytrace.methods.common import largest_remainder

BIG = 2**62 - 1


@settings(max_examples=300, deadline=None)
@given(
    a=st.one_of(st.integers(0, 10**6), st.integers(0, BIG)),
    d=st.one_of(st.integers(0, 10**6), st.integers(0, BIG)),
    b=st.one_of(st.integers(1, 10**6), st.integers(1, 2**50 - 1), st.integers(1, BIG)),
)
def test_muldiv_is_exact(a, d, b):
    assume(a * d // b < 2**62)  # the kernels never ask for more: a share never exceeds its whole
    assert muldiv_checked(a, d, b) == divmod(a * d, b)


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(st.integers(0, 10**15), min_size=1, max_size=40).filter(lambda w: sum(w) > 0),
    total=st.integers(0, 10**15),
)
def test_largest_remainder_matches_python(weights, total):
    assert cap_parts(np.array(weights, np.int64), total).tolist() == largest_remainder(weights, total)
