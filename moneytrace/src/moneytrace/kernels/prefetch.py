"""A cache prefetch hint for the kernels (LLVM's llvm.prefetch), callable from numba code.

The kernels touch two pools per transaction at random places of arrays larger than the cache; the
next pools are known in advance (the ledger is read in order), so asking for their cache lines a few
dozen transactions ahead hides most of the memory latency. A hint only: it never changes a result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

AHEAD = 32  # transactions of lookahead: enough to cover a memory round trip at the kernels' pace


@intrinsic
def _prefetch(typingctx: Any, arr: Any, idx: Any) -> Any:
    """Hint that row `idx` of `arr` (first axis) is about to be read and written."""
    sig = types.void(arr, idx)

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        aryty = signature.args[0]
        ary = context.make_array(aryty)(context, builder, args[0])
        zero = context.get_constant(types.intp, 0)
        index = [args[1], *([zero] * (aryty.ndim - 1))]
        ptr = cgutils.get_item_pointer(  # type: ignore[no-untyped-call]
            context, builder, aryty, ary, index, wraparound=False
        )
        i8p = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        fnty = ir.FunctionType(ir.VoidType(), [i8p, i32, i32, i32])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0")  # type: ignore[no-untyped-call]
        # rw = 1 (write), locality = 3 (keep in all cache levels), cache type = 1 (data)
        builder.call(fn, [builder.bitcast(ptr, i8p), i32(1), i32(3), i32(1)])
        return context.get_dummy_value()

    return sig, codegen


# numba resolves the intrinsic object itself; the cast only gives type checkers its call signature
prefetch = cast(Callable[[Any, Any], None], _prefetch)
