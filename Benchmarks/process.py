"""A child process run to the end, with its output, its timestamped errors and its peak
memory."""

import subprocess
import threading
import time


class Process:
    """A child process fed a script on standard input, whose standard error lines are
    timestamped as they arrive, with its peak resident memory.

    The peak is the child's VmHWM, read from /proc while it runs. The rusage that wait4
    gives is no use here: a child started by vfork (as subprocess does) records at exec
    the high-water mark of the memory it shared with this process, DuckDB's tables and
    all."""

    def __init__(self, arguments, script="", cwd=None):
        self.arguments = arguments
        self.started = time.perf_counter()
        self.child = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, cwd=cwd)
        self.stdout_chunks = []
        self.stderr_lines = []  # (seconds since start, line)
        self.peak_bytes = 0
        self.resident = []  # (seconds since start, resident bytes, high-water mark), every 5 ms or so
        self.running = True
        readers = [threading.Thread(target=self._read_stdout), threading.Thread(target=self._read_stderr),
                   threading.Thread(target=self._write, args=(script.encode("utf-8"),))]
        watcher = threading.Thread(target=self._watch_memory)
        for thread in readers + [watcher]:
            thread.start()
        for reader in readers:
            reader.join()
        self.child.wait()
        self.elapsed = time.perf_counter() - self.started
        self.running = False
        watcher.join()
        self.returncode = self.child.returncode
        self.stdout = b"".join(self.stdout_chunks).decode("utf-8", "replace")
        self.stderr = "".join(line for _, line in self.stderr_lines)

    def _watch_memory(self):
        path = "/proc/%d/status" % self.child.pid
        while self.running:
            try:
                with open(path) as status:
                    high = 0
                    for line in status:
                        if line.startswith("VmHWM:"):
                            high = int(line.split()[1]) * 1024
                            self.peak_bytes = max(self.peak_bytes, high)
                        elif line.startswith("VmRSS:"):
                            self.resident.append((time.perf_counter() - self.started, int(line.split()[1]) * 1024, high))
                            break
            except (OSError, ValueError):
                pass
            time.sleep(0.005)

    def resident_at(self, moment):
        """Resident bytes at the first reading from `moment` (seconds since start) on."""
        for at, size, _ in self.resident:
            if at >= moment:
                return size
        return self.resident[-1][1] if self.resident else 0

    def peak_between(self, start, end):
        """The peak resident bytes from `start` to `end` (seconds since start): the largest
        reading between them, or, when the process's high-water mark (VmHWM) rose between
        them, that mark, which no reading misses however short the peak. A stretch shorter
        than the readings' interval (5 ms) gets the first reading after it starts."""
        # The mark is compared from the first reading after `start`: one before it may
        # come before a peak of the work that ended at `start`.
        before = [high for at, _, high in self.resident if at >= start]
        after = [high for at, _, high in self.resident if at >= end]
        peak = max([size for at, size, _ in self.resident if start <= at <= end], default=self.resident_at(start))
        if before and after and after[0] > before[0]:
            peak = max(peak, after[0])
        return peak

    def _write(self, data):
        try:
            self.child.stdin.write(data)
            self.child.stdin.close()
        except BrokenPipeError:
            pass

    def _read_stdout(self):
        while True:
            chunk = self.child.stdout.read(1 << 16)
            if not chunk:
                break
            self.stdout_chunks.append(chunk)

    def _read_stderr(self):
        for raw in iter(self.child.stderr.readline, b""):
            self.stderr_lines.append((time.perf_counter() - self.started, raw.decode("utf-8", "replace")))
