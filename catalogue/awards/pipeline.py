"""Read the next batch while the last one is written: a producer (this thread: reading and checking the
file, CPU-bound Python) and one writer thread (the database calls, which release the GIL while SQLite or
PostgreSQL works), with at most ``depth`` batches in between.

Only the writer thread touches the database connection while the pipeline runs. The first exception on
either side stops both: the reader's (a bad row) is raised after the writer has finished the batch in
hand; the writer's is raised in the reader's thread. The caller's transaction then rolls everything back.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from queue import Empty, Queue
from typing import Any, Generic, TypeVar

from catalogue.errors import InputError

T = TypeVar("T")


class _Writer(Generic[T]):
    def __init__(self, consume: Callable[[T], None], depth: int):
        self.consume = consume
        self.queue: Queue[T | None] = Queue(maxsize=depth)
        self.stop = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="award-writer", daemon=True)

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.stop.is_set():
                continue  # keep draining so that the reader never blocks
            try:
                self.consume(item)
            except BaseException as exc:  # handed to the reader's thread
                self.failure = exc
                self.stop.set()


def run_pipelined(items: Iterable[T], consume: Callable[[T], None], depth: int = 2) -> None:
    """``consume(item)`` for every item, in order, in one writer thread, while ``items`` is produced here."""
    writer = _Writer(consume, depth)
    writer.thread.start()
    try:
        for item in items:
            if writer.stop.is_set():
                break
            writer.queue.put(item)
    except BaseException:
        writer.stop.set()
        raise
    finally:
        writer.queue.put(None)
        writer.thread.join()
    if writer.failure is not None:
        raise writer.failure


# ---- reading in a second process --------------------------------------------------------------------------
# Reading and checking a file is CPU-bound Python (about 40 % of an import's CPU); a thread shares the
# interpreter lock with the writer, so the two mostly take turns. A forked child reads instead and sends
# ready batches through a pipe: the two then run on two cores. The child never touches the database (it
# inherits the parent's connection and leaves it alone) and leaves with os._exit (multiprocessing's fork
# start method), so nothing of the parent's is closed or finalised in it.

_POLL_SECONDS = 1.0


def _produce(items: Iterable[Any], queue: Any) -> None:
    try:
        for item in items:
            queue.put(("item", item))
        queue.put(("done", None))
    except InputError as exc:
        queue.put(("input-error", exc.problems))
    except BaseException as exc:  # anything else: its traceback, raised again in the parent
        queue.put(("error", "".join(traceback.format_exception(exc))))
    finally:
        queue.close()
        queue.join_thread()


def read_in_child(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """The items of ``items``, produced in a forked child process and yielded here in order.

    A bad row (``InputError``) in the child is raised here with the same problems; any other failure as a
    ``RuntimeError`` carrying the child's traceback; a child that dies without a word, as a
    ``RuntimeError``. Leaving early (the consumer failed) kills the child."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=depth)
    child = context.Process(target=_produce, args=(items, queue), name="award-reader", daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, payload = queue.get(timeout=_POLL_SECONDS)
            except Empty:
                if not child.is_alive():
                    raise RuntimeError(f"the reading process ended unexpectedly ({child.exitcode})") from None
                continue
            if kind == "item":
                yield payload
            elif kind == "done":
                return
            elif kind == "input-error":
                raise InputError(payload)
            else:
                raise RuntimeError(f"reading the file failed:\n{payload}")
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        queue.close()
