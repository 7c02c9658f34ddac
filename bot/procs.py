"""What every helper process of the server does at its start (answer workers, chart renderer).

Both are spawned by the server and must never outlive it: a server that is killed outright
cannot stop them, and an orphan would hold memory and the marts file until someone noticed.
Both also yield the CPU to the server: when the cores are busy an ack or a short HTTP exchange
goes first, and an answer or a chart waits a few milliseconds.
"""

from __future__ import annotations

import os
import threading
import time

HELPER_NICE = 10


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def start_helper(parent: int) -> None:
    """Tie this process to the server process `parent` and lower its CPU priority."""
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="parent").start()
    os.nice(HELPER_NICE)
