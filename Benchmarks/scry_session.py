"""scry driven by scripts on standard input: one load, then each question several times."""

import csv
import io
import os
import re
import statistics
import subprocess

from answers import answer, read_cell
from process import Process


def scry_script(lines):
    """A script from meta-command lines and statements, each statement ended by `;`.

    Works around a defect of older builds (ScriptText.steps in Session.swift): a
    meta-command's place was its byte offset in the script, a statement's its offset in the
    script with meta-command lines emptied, so a statement could run before the
    meta-command lines above it (`.load DIR` then `count` counted before loading). After
    each meta-command line comes a comment as long as all the meta-command lines so far,
    which keeps every statement after them; in builds without the defect the comments
    change nothing."""
    out = []
    meta_bytes = 0
    for line in lines:
        if line.startswith("."):
            meta_bytes += len(line.encode("utf-8"))
            out.append(line)
            out.append("--" + "-" * meta_bytes)
        else:
            out.append(line + ";")
    return "\n".join(out) + "\n"


class Scry:
    """scry at SCRY_BIN, driven by scripts on standard input."""

    RUN_TIME = re.compile(r"Run Time: real ([0-9.]+)(.*)")

    def __init__(self, binary, data_folder):
        """`data_folder`: where to keep the two tiny datasets the sessions use."""
        self.binary = binary
        if not os.access(binary, os.X_OK):
            raise SystemExit("scry not found at %s: build it with `make release`, or set SCRY_BIN" % binary)
        self.version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
        self.csv = self._accepts(".mode csv")
        self.timer = self._accepts(".timer on")
        self.empty = self._dataset(data_folder, "empty", "code,name,period_type,unit\n")
        # A dataset whose load writes one warning: a mark on standard error between statements,
        # when scry has no .timer (standard error flushes standard output first).
        self.marker = self._dataset(data_folder, "marker", "code,name,period_type,unit,marker\n")

    def _accepts(self, command):
        return subprocess.run([self.binary, "-c", command], capture_output=True).returncode == 0

    @staticmethod
    def _dataset(data_folder, name, indicators_header):
        folder = os.path.join(data_folder, name)
        os.makedirs(folder, exist_ok=True)
        for file, text in (("indicators.csv", indicators_header), ("areas.csv", "name,type\n"),
                           ("observations.csv", "indicator,area,period,value\n")):
            with open(os.path.join(folder, file), "w") as handle:
                handle.write(text)
        return folder

    @property
    def timing_method(self):
        if self.timer:
            return "scry's `.timer` figures"
        return "marks on standard error between statements (this scry has no `.timer`)"

    def session(self, folder, question_list, runs):
        """Loads `folder` once, then asks each question `runs` times. Returns the load
        time, each question's run times, each question's first answer and the process."""
        lines = []
        if self.timer:
            lines.append(".timer on")
        if self.csv:
            lines.append(".mode csv")
        marks = [0]

        def mark():
            if not self.timer:
                lines.append(".load %s as mark%d" % (self.marker, marks[0]))
                marks[0] += 1

        mark()
        lines.append(".load %s" % folder)
        mark()
        for question in question_list:
            for _ in range(runs):
                lines.append(question.scry)
                mark()
        for _ in range(5):
            mark()  # marks in a row: what a mark itself costs
        process = Process([self.binary, "--data", self.empty], scry_script(lines))
        if process.returncode != 0:
            raise RuntimeError("scry failed (exit %d):\n%s" % (process.returncode, process.stderr[-3000:]))

        statement_count = len(question_list) * runs
        if self.timer:
            load, times, loaded_at = self._timer_figures(process.stderr_lines, statement_count)
        else:
            stamps = [at for at, line in process.stderr_lines if "unknown column 'marker'" in line]
            if len(stamps) != marks[0]:
                raise RuntimeError("expected %d marks from scry, saw %d" % (marks[0], len(stamps)))
            cost = statistics.median(stamps[i + 1] - stamps[i] for i in range(len(stamps) - 6, len(stamps) - 1))
            load = stamps[1] - stamps[0] - cost
            loaded_at = stamps[1]
            times = [max(0.0, stamps[i + 1] - stamps[i] - cost) for i in range(1, 1 + statement_count)]
        tables = self._tables(process.stdout, [q for q in question_list for _ in range(runs)])
        per_question = {}
        answers = {}
        for number, question in enumerate(question_list):
            per_question[question.name] = times[number * runs:(number + 1) * runs]
            answers[question.name] = self._answer(question, tables[number * runs])
        process.loaded_bytes = process.resident_at(loaded_at)
        return load, per_question, answers, process

    def _timer_figures(self, stderr_lines, statement_count):
        """The load's time, each statement's, and when the load's line arrived."""
        load, loaded_at = None, 0.0
        times = []
        for at, line in stderr_lines:
            found = self.RUN_TIME.search(line)
            if not found:
                continue
            if "parse" in found.group(2):
                times.append(float(found.group(1)))
            elif not times:
                # The last meta-command before the first statement: .load.
                load, loaded_at = float(found.group(1)), at
        if len(times) != statement_count:
            raise RuntimeError("expected %d Run Time lines from scry, saw %d" % (statement_count, len(times)))
        return load, times, loaded_at

    def _tables(self, stdout, asked):
        """The result tables in stdout, one per statement asked, as lists of rows of text
        cells (header first)."""
        lines = [line for line in stdout.split("\n") if not re.match(r"loaded \S+: [\d,]+ indicators", line)]
        tables = self._csv_tables(lines, asked) if self.csv else self._text_tables(lines)
        if len(tables) != len(asked):
            raise RuntimeError("expected %d result tables from scry, found %d" % (len(asked), len(tables)))
        return tables

    @staticmethod
    def _text_tables(lines):
        rule = re.compile(r"-+(  -+)*")
        starts = [i - 1 for i, line in enumerate(lines) if i > 0 and rule.fullmatch(line)]
        tables = []
        for number, start in enumerate(starts):
            end = starts[number + 1] if number + 1 < len(starts) else len(lines)
            widths = [len(part) for part in lines[start + 1].split("  ")]
            offsets = [sum(widths[:i]) + 2 * i for i in range(len(widths))]

            def cells(line):
                return [line[o:o + w].strip() for o, w in zip(offsets, widths)]

            table = [cells(lines[start])]
            table += [cells(line) for line in lines[start + 2:end] if line != ""]
            tables.append(table)
        return tables

    @staticmethod
    def _csv_tables(lines, asked):
        records = list(csv.reader(io.StringIO("\n".join(lines))))
        squash = lambda cells: [cell.strip().lower().replace(" ", "") for cell in cells]
        tables = []
        next_header = 0
        for record in records:
            if not record:
                continue
            if next_header < len(asked) and squash(record) == squash(asked[next_header].header):
                tables.append([record])
                next_header += 1
            elif tables:
                tables[-1].append(record)
        return tables

    @staticmethod
    def _answer(question, table):
        header = [cell.strip().lower() for cell in table[0]]
        try:
            columns = [header.index(name) for name in question.scry_columns]
        except ValueError:
            raise RuntimeError("scry's answer to `%s` has columns %s, expected %s" % (question.scry, header, question.scry_columns))
        rows = []
        for record in table[1:]:
            picked = [record[i] if i < len(record) else "" for i in columns]
            keys = [cell.strip() for cell in picked[:question.keys]]
            rows.append(keys + [read_cell(cell, shown=True) for cell in picked[question.keys:]])
        return answer(rows, question.keys)

    def load_process(self, folder, runs=1):
        """Whole-process times of `scry --data FOLDER -c .datasets`, and its peak memory."""
        results = [Process([self.binary, "--data", folder, "-c", ".datasets"]) for _ in range(runs)]
        for result in results:
            if result.returncode != 0:
                raise RuntimeError("scry --data %s failed:\n%s" % (folder, result.stderr[-3000:]))
        return [r.elapsed for r in results], max(r.peak_bytes for r in results)

    def timed_load(self, folder):
        """The in-session time of `.load FOLDER` (by .timer, or between marks)."""
        session_lines = [".timer on"] if self.timer else [".load %s as mark0" % self.marker]
        session_lines.append(".load %s" % folder)
        if not self.timer:
            session_lines += [".load %s as mark1" % self.marker, ".load %s as mark2" % self.marker]
        process = Process([self.binary, "--data", self.empty], scry_script(session_lines))
        if process.returncode != 0:
            raise RuntimeError("scry .load %s failed:\n%s" % (folder, process.stderr[-3000:]))
        if self.timer:
            figures = [float(m.group(1)) for m in map(self.RUN_TIME.search, process.stderr.splitlines()) if m]
            return figures[-1] if figures else None
        stamps = [at for at, line in process.stderr_lines if "unknown column 'marker'" in line]
        return stamps[1] - stamps[0] - (stamps[2] - stamps[1])

    def startup(self, runs):
        times = []
        for _ in range(runs):
            process = Process([self.binary, "-c", ".datasets"])
            times.append(process.elapsed)
        return times
