"""scry driven by scripts on standard input: one load, then each question several times."""

import csv
import io
import os
import re
import statistics
import subprocess

from answers import keyed, read_cell
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
    return numbered_script(lines)[0]


def numbered_script(lines):
    """The script of `scry_script`, and the line (from 1) each of `lines` is on in it."""
    out = []
    numbers = []
    meta_bytes = 0
    for line in lines:
        numbers.append(len(out) + 1)
        if line.startswith("."):
            meta_bytes += len(line.encode("utf-8"))
            out.append(line)
            out.append("--" + "-" * meta_bytes)
        else:
            out.append(line + ";")
    return "\n".join(out) + "\n", numbers


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
        self.echo = self._accepts(".echo on")
        self.bail = self._accepts(".bail off")
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

    ERROR = re.compile(r"^stdin:(\d+):\d+: error: (.*)")

    def parse_errors(self, question_list):
        """{question name: message} for the statements this scry cannot parse. One script
        of every statement on the empty dataset: scry parses a whole script before it runs
        any of it, and names every statement it cannot parse by its line, so when nothing
        ran the errors are all parse errors (errors from running on no data mean nothing)."""
        lines = [".bail off"] if self.bail else []
        lines += [question.scry for question in question_list]
        script, numbers = numbered_script(lines + ["count"])  # count: output whenever the script ran
        process = Process([self.binary, "--data", self.empty], script)
        at_line = {}
        for _, line in process.stderr_lines:
            found = self.ERROR.match(line)
            if found:
                at_line.setdefault(int(found.group(1)), found.group(2).strip())
        if process.stdout.strip() != "" or not at_line:
            return {}
        offset = len(lines) - len(question_list)
        return {question.name: at_line[numbers[offset + number]]
                for number, question in enumerate(question_list) if numbers[offset + number] in at_line}

    def session(self, folder, question_list, runs, exports=None):
        """Loads `folder` once, then asks each question `runs` times. Returns the load
        time, each question's run times, each question's first answer (an export's: its
        file's summary), the process, and {question name: scry's error message} for the
        questions it could not answer (left out of the times and answers).

        The process gets `peak_bytes` (all of it), `loaded_bytes` (resident once loaded)
        and `question_peaks` ({name: peak resident bytes from the end of the statement
        before the question's first run to the end of its last})."""
        errors = self.parse_errors(question_list)
        asked = [question for question in question_list if question.name not in errors]
        lines = []
        if self.bail:
            lines.append(".bail off")
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
        if self.echo:
            lines.append(".echo on")
        mark()
        statements = []  # (question, index in lines)
        for question in asked:
            for _ in range(runs):
                if question.export:
                    # Echo off: it would write the statement into the file.
                    lines += [".echo off"] if self.echo else []
                    lines.append(".once %s" % exports.path("scry", question))
                statements.append((question, len(lines)))
                lines.append(question.scry)
                if question.export:
                    lines.append(".output")
                    lines += [".echo on"] if self.echo else []
                mark()
        for _ in range(5):
            mark()  # marks in a row: what a mark itself costs
        script, numbers = numbered_script(lines)
        process = Process([self.binary, "--data", self.empty], script)
        failed = {}  # script line: message
        for at, line in process.stderr_lines:
            found = self.ERROR.match(line)
            if found:
                failed[int(found.group(1))] = (at, found.group(2).strip())
        if process.returncode != 0 and not failed:
            raise RuntimeError("scry failed (exit %d):\n%s" % (process.returncode, process.stderr[-3000:]))
        ran = [(question, index) for question, index in statements if numbers[index] not in failed]
        for question, index in statements:
            if numbers[index] in failed:
                errors.setdefault(question.name, failed[numbers[index]][1])

        if self.timer:
            load, times, loaded_at, ends = self._timer_figures(process.stderr_lines, len(ran))
        else:
            stamps = [at for at, line in process.stderr_lines if "unknown column 'marker'" in line]
            if len(stamps) != marks[0]:
                raise RuntimeError("expected %d marks from scry, saw %d" % (marks[0], len(stamps)))
            cost = statistics.median(stamps[i + 1] - stamps[i] for i in range(len(stamps) - 6, len(stamps) - 1))
            load = stamps[1] - stamps[0] - cost
            loaded_at = stamps[1]
            # Every statement, answered or not, has its mark after it.
            all_times = [max(0.0, stamps[i + 1] - stamps[i] - cost) for i in range(1, 1 + len(statements))]
            ends_all = stamps[2:2 + len(statements)]
            kept = [i for i, (_, index) in enumerate(statements) if numbers[index] not in failed]
            times, ends = [all_times[i] for i in kept], [ends_all[i] for i in kept]
        tables = self._tables(process.stdout, [(question, lines[index], numbers[index] not in failed)
                                               for question, index in statements])
        per_question, answers, peaks = {}, {}, {}
        previous_end = loaded_at
        for question in asked:
            places = [place for place, (other, _) in enumerate(ran) if other is question]
            if question.name in errors or not places:
                continue
            per_question[question.name] = [times[place] for place in places]
            try:
                if question.export:
                    path = exports.path("scry", question)
                    answers[question.name] = exports.summary(path, question)
                    exports.remove(path)
                else:
                    answers[question.name] = self._answer(question, tables[statements.index(ran[places[0]])])
            except Exception as error:  # an answer that cannot be read is that question's failure alone
                errors[question.name] = "its answer could not be read: %s" % str(error).split("\n")[0]
            peaks[question.name] = process.peak_between(previous_end, ends[places[-1]])
            previous_end = ends[places[-1]]
        process.loaded_bytes = process.resident_at(loaded_at)
        process.question_peaks = peaks
        return load, per_question, answers, process, errors

    def _timer_figures(self, stderr_lines, statement_count):
        """The load's time, each statement's, when the load's line arrived and when each
        statement's line arrived (its end)."""
        load, loaded_at = None, 0.0
        times, ends = [], []
        for at, line in stderr_lines:
            found = self.RUN_TIME.search(line)
            if not found:
                continue
            if "parse" in found.group(2):
                times.append(float(found.group(1)))
                ends.append(at)
            elif not times:
                # The longest meta-command before the first statement: .load.
                if load is None or float(found.group(1)) > load:
                    load, loaded_at = float(found.group(1)), at
        if len(times) != statement_count:
            raise RuntimeError("expected %d Run Time lines from scry, saw %d" % (statement_count, len(times)))
        return load, times, loaded_at, ends

    def _tables(self, stdout, asked):
        """The result tables in stdout, one per statement asked ((question, text, whether
        it ran) in order), as lists of rows of text cells (header first; an export's table
        and a failed statement's are empty)."""
        lines = [line for line in stdout.split("\n") if not re.match(r"loaded \S+: [\d,]+ indicators", line)]
        shown = [(question, text, ran) for question, text, ran in asked if not question.export]
        if self.echo and self.csv:
            found = iter(self._echoed_tables(lines, [text for _, text, _ in shown]))
            return [[] if question.export else next(found) for question, _, _ in asked]
        answered = [question for question, _, ran in shown if ran]
        found = self._csv_tables(lines, answered) if self.csv else self._text_tables(lines)
        if len(found) != len(answered):
            raise RuntimeError("expected %d result tables from scry, found %d" % (len(answered), len(found)))
        found = iter(found)
        return [next(found) if ran and not question.export else [] for question, _, ran in asked]

    @staticmethod
    def _echoed_tables(lines, texts):
        """Tables split at the echo of each statement (`.echo on` writes each command to
        standard output before it runs), so no table is found by its header: one for each
        of `texts`, empty for a statement that failed."""
        tables = []
        block = None
        expected = 0
        for line in lines:
            if expected < len(texts) and line.strip() == texts[expected].strip():
                if block is not None:
                    tables.append(block)
                block = []
                expected += 1
            elif block is not None and not line.startswith(".") and not line.startswith("--"):
                block.append(line)
        if block is not None:
            tables.append(block)
        return [[record for record in csv.reader(io.StringIO("\n".join(block))) if record] for block in tables]

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
        """A result table as the question's answer: its columns picked by name, or, for a
        question without `scry_columns`, all of them in order."""
        if not table:
            return keyed([], question)
        header = [cell.strip().lower() for cell in table[0]]
        if question.scry_columns is None:
            columns = list(range(len(header)))
        else:
            try:
                columns = [header.index(name) for name in question.scry_columns]
            except ValueError:
                raise RuntimeError("scry's answer to `%s` has columns %s, expected %s" % (question.scry, header, question.scry_columns))
        rows = []
        for record in table[1:]:
            picked = [record[i] if i < len(record) else "" for i in columns]
            keys = [cell.strip() for cell in picked[:question.keys]]
            rows.append(keys + [read_cell(cell, shown=True) for cell in picked[question.keys:]])
        return keyed(rows, question)

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
