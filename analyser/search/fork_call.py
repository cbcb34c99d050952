"""Run a function in a forked child process and collect its (pickled) result: real parallelism on a
second core for CPU-bound Python at start-up, without pickling the inputs (the child shares the
parent's memory copy-on-write).

    call = ForkedCall(lambda: expensive(half_of_the_data))   # the child starts at once
    mine = expensive(other_half)                              # the parent works meanwhile
    theirs = call.result()                                    # None if the child failed

Linux/macOS only (``os.fork``); ``can_fork()`` says whether it is available. The child runs no exit
handlers (``os._exit``) and touches nothing but the function and its pipe; the parent drains the pipe on
a thread so that a large result never blocks the child.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork") and os.environ.get("VK_NO_FORK") != "1"


class ForkedCall(Generic[T]):
    def __init__(self, fn: Callable[[], T]) -> None:
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: compute, write, leave without running the parent's exit code
            os.close(read_end)
            status = 1
            try:
                data = pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            except BaseException:  # noqa: BLE001 - reported; the parent falls back
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(status)
        os.close(write_end)
        self._data = b""
        self._reader = threading.Thread(target=self._read, args=(read_end,), daemon=True)
        self._reader.start()

    def _read(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            self._data = pipe.read()

    def result(self) -> T | None:
        """The child's return value, or None when it failed (the caller computes it itself then)."""
        self._reader.join()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not self._data:
            return None
        value: T = pickle.loads(self._data)
        self._data = b""
        return value
