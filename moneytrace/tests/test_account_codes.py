"""Account codes by hash table: the same numbering as by the names, and a collision falls back."""

import numpy as np
import polars as pl
from moneytrace.kernels.codes import account_codes

PAYERS = pl.Series(["RS35-B", None, "RS35-A", "RS35-C", "RS35-B", "RS35-A"], dtype=pl.String)
PAYEES = pl.Series(["RS35-A", "RS35-B", None, "RS35-D", "RS35-A", "RS35-B"], dtype=pl.String)


def names_of(frm, to, names):
    """Each row's account name read back through its code."""
    return [None if c < 0 else names[int(c)] for c in np.concatenate([frm, to])]


def test_codes_busiest_first_with_name_rank():
    # given six payments over four accounts (A and B in five rows each, C and D in one)
    # when
    frm, to, names, rank = account_codes(PAYERS, PAYEES)
    # then the busiest accounts come first (ties in name order) and every row reads back its name
    assert names.to_list() == ["RS35-A", "RS35-B", "RS35-C", "RS35-D"]
    assert rank.tolist() == [0, 1, 2, 3]
    assert frm.tolist() == [1, -1, 0, 2, 1, 0]
    assert to.tolist() == [0, 1, -1, 3, 0, 1]
    assert names_of(frm, to, names) == PAYERS.to_list() + PAYEES.to_list()


def test_colliding_hashes_fall_back_to_the_names():
    # given hashes where RS35-C and RS35-D collide (both 7), the others distinct
    by_name = {"RS35-A": 1, "RS35-B": 2, "RS35-C": 7, "RS35-D": 7, None: 0}
    hashes = np.array([by_name[n] for n in PAYERS.to_list() + PAYEES.to_list()], np.int64)
    # when
    frm, to, names, rank = account_codes(PAYERS, PAYEES, hashes=hashes)
    # then the numbering is the exact one: the collision did not merge two accounts
    assert (frm.tolist(), to.tolist(), names.to_list(), rank.tolist()) == (
        [1, -1, 0, 2, 1, 0],
        [0, 1, -1, 3, 0, 1],
        ["RS35-A", "RS35-B", "RS35-C", "RS35-D"],
        [0, 1, 2, 3],
    )


def test_activity_ties_keep_name_order_and_rank_maps_back():
    # given accounts seen once each, in reverse name order
    frm = pl.Series(["Z-9", "M-5", "B-2"], dtype=pl.String)
    to = pl.Series([None, None, None], dtype=pl.String)
    # when
    codes, _, names, rank = account_codes(frm, to)
    # then ties are broken by name, and rank gives each code's place in name order
    assert names.to_list() == ["B-2", "M-5", "Z-9"]
    assert codes.tolist() == [2, 1, 0]
    assert rank.tolist() == [0, 1, 2]
