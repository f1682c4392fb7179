#!/usr/bin/env python3
"""scry against DuckDB and SQLite on the same synthetic indicator history.

Run it through ./run, which makes the virtual environment with DuckDB first:

    Benchmarks/run                      # 10,000,000 rows, 5 runs of each question
    Benchmarks/run --rows 1000000 --runs 3
    Benchmarks/run --sizes 1000000,10000000,50000000   # scry alone, at each size

Each engine loads the dataset once, then answers every question --runs times in the same
session; a question's time is the median of its runs. The answers are checked against
each other and every disagreement is printed. The results come out as Markdown on
standard output (progress goes to standard error) and are kept in .data/last-run.md.
"""

import argparse
import csv
import datetime
import io
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time

import generate

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, ".data")


def progress(message):
    print(message, file=sys.stderr, flush=True)


# ---- the questions -------------------------------------------------------------------

def sql_text(text):
    return "'" + text.replace("'", "''") + "'"


def scry_name(text):
    """A name as scry reads it: bare when it is one word, quoted otherwise."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        return text
    return '"' + text.replace('"', '""') + '"'


class Question:
    """One question: scry's statement, the SQL for DuckDB and for SQLite, and how to read
    the answer as {key: values}. `keys` is how many leading columns form the key; `header`
    names the result columns scry gives, in order."""

    def __init__(self, name, title, scry, duckdb_sql, sqlite_sql, keys, header, scry_columns):
        self.name = name
        self.title = title
        self.scry = scry
        self.duckdb_sql = duckdb_sql
        self.sqlite_sql = sqlite_sql
        self.keys = keys
        self.header = header
        self.scry_columns = scry_columns


def read_small_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def parameters(folder, rows):
    """What the questions ask about, chosen from the dataset's small tables."""
    indicators = {row["code"]: row for row in read_small_csv(os.path.join(folder, "indicators.csv"))}
    areas = read_small_csv(os.path.join(folder, "areas.csv"))
    months, _, _ = generate.shape(rows)
    first = generate.LAST_MONTH - months + 1

    def pick(preferred, unit=None, polarity=None):
        if preferred in indicators:
            return preferred
        for code, row in indicators.items():
            if (unit is None or row["unit"] == unit) and (polarity is None or row["polarity"] in polarity):
                return code
        raise SystemExit("no indicator fits the questions in %s" % folder)

    authorities = [row["name"] for row in areas if row["type"] == "authority"]
    chosen = [authorities[i] for i in (3, 7, 11) if i < len(authorities)]
    chosen += [name for name in authorities if name not in chosen][:3 - len(chosen)]
    count_to = generate.LAST_MONTH - 36
    count_from = count_to - 35
    if count_from < first:
        count_from, count_to = first, generate.LAST_MONTH
    rank_code = pick("CL_EET", "percent", ("H", "L"))
    pooled_code = pick("CPP_RATE", "per10000")
    return {
        "count_from": generate.month_label(count_from),
        "count_to": generate.month_label(count_to),
        "avg_code": pick("ASSESS_45", "percent"),
        "pooled_code": pooled_code,
        "pooled_scale": {"percent": 100, "per10000": 10000, "per1000": 1000, "per100000": 100000}.get(indicators[pooled_code]["unit"], 1),
        "pooled_areas": chosen,
        "england_code": pick("REREF", "percent"),
        "national": next(row["name"] for row in areas if row["type"] == "national"),
        "rank_code": rank_code,
        "rank_polarity": indicators[rank_code]["polarity"],
        "rank_period": generate.month_label(max(first, generate.LAST_MONTH - 12)),
    }


def questions(p):
    """The six questions, each as scry asks it and as SQL asks it. `observations` has
    value as a number (NULL when missing) and value_symbol (the symbol, '' when blank, NULL
    when value is a number); both engines see the same columns (for SQLite, a view)."""
    as_text = "coalesce(CAST(%s AS VARCHAR), %s)"
    areas_sql = ", ".join(sql_text(name) for name in p["pooled_areas"])
    areas_scry = ", ".join(scry_name(name) for name in p["pooled_areas"])
    both = "o.numerator IS NOT NULL AND o.denominator IS NOT NULL"

    count_sql = (
        "SELECT count(*) AS count FROM observations o JOIN indicators i ON i.code = o.indicator\n"
        "WHERE i.polarity = 'H' AND o.period >= %s AND o.period <= %s"
        % (sql_text(p["count_from"]), sql_text(p["count_to"])))

    avg_sql = ("SELECT o.area, avg(o.value) AS avg FROM observations o\n"
               "WHERE o.indicator = %s GROUP BY o.area" % sql_text(p["avg_code"]))

    pooled_sql = (
        "SELECT o.period,\n"
        "       sum(CASE WHEN %s THEN o.numerator END)\n"
        "       / sum(CASE WHEN %s THEN o.denominator END) * %d AS pooled\n"
        "FROM observations o WHERE o.indicator = %s AND o.area IN (%s)\n"
        "GROUP BY o.period" % (both, both, p["pooled_scale"], sql_text(p["pooled_code"]), areas_sql))

    by_code_sql = ("SELECT o.indicator AS code, avg(o.value), min(o.value), max(o.value), count(o.value)\n"
                   "FROM observations o GROUP BY o.indicator")

    local = ("SELECT o.area, o.period, o.value, o.value_symbol FROM observations o\n"
             "  JOIN areas a ON a.name = o.area\n"
             "  WHERE o.indicator = %s AND a.type = 'authority'" % sql_text(p["england_code"]))
    national = ("SELECT o.period, o.value, o.value_symbol FROM observations o\n"
                "  WHERE o.indicator = %s AND o.area = %s" % (sql_text(p["england_code"]), sql_text(p["national"])))
    england_duckdb = (
        "WITH local AS (%s),\n"
        "national AS (%s)\n"
        "SELECT l.area, l.period, %s AS value, %s AS england\n"
        "FROM local l ASOF LEFT JOIN national n ON l.period >= n.period"
        % (local, national, as_text % ("l.value", "l.value_symbol"), as_text % ("n.value", "n.value_symbol")))
    england_sqlite = (
        "WITH local AS (%s),\n"
        "national AS MATERIALIZED (%s)\n"
        "SELECT l.area, l.period, %s AS value, %s AS england\n"
        "FROM local l LEFT JOIN national n\n"
        "  ON n.period = (SELECT max(period) FROM national WHERE period <= l.period)"
        % (local, national, as_text % ("l.value", "l.value_symbol"), as_text % ("n.value", "n.value_symbol")))

    # LAIT's rules: 1 = best by polarity, ties share the lowest rank (RANK()), missing values
    # unranked; quartile bands from R's type-7 quartiles, [min, Q1] the first quarter.
    order = "DESC" if p["rank_polarity"] == "H" else "ASC"
    bands = "DCBA" if p["rank_polarity"] == "H" else "ABCD"
    rank_sql = (
        "WITH candidates AS (\n"
        "  SELECT o.area, o.value, o.value_symbol FROM observations o JOIN areas a ON a.name = o.area\n"
        "  WHERE o.indicator = %s AND a.type = 'authority' AND o.period = %s),\n"
        "present AS (\n"
        "  SELECT area, value, RANK() OVER (ORDER BY value %s) AS rank,\n"
        "         row_number() OVER (ORDER BY value) - 1 AS position, count(*) OVER () AS n\n"
        "  FROM candidates WHERE value IS NOT NULL),\n"
        "bounds AS (\n"
        "  SELECT q.p, (s.n - 1) * q.p AS h, CAST(floor((s.n - 1) * q.p) AS INTEGER) AS low, s.n\n"
        "  FROM (SELECT DISTINCT n FROM present) s,\n"
        "       (SELECT 0.25 AS p UNION ALL SELECT 0.5 UNION ALL SELECT 0.75) q),\n"
        "quartiles AS (\n"
        "  SELECT b.p, a.value + (b.h - b.low) * (c.value - a.value) AS q FROM bounds b\n"
        "  JOIN present a ON a.position = b.low\n"
        "  JOIN present c ON c.position = CASE WHEN b.low + 1 < b.n THEN b.low + 1 ELSE b.n - 1 END)\n"
        "SELECT c.area, r.rank, %s AS value,\n"
        "  CASE WHEN c.value IS NULL THEN NULL\n"
        "       WHEN c.value <= (SELECT q FROM quartiles WHERE p = 0.25) THEN '%s'\n"
        "       WHEN c.value <= (SELECT q FROM quartiles WHERE p = 0.5) THEN '%s'\n"
        "       WHEN c.value <= (SELECT q FROM quartiles WHERE p = 0.75) THEN '%s'\n"
        "       ELSE '%s' END AS quartile\n"
        "FROM candidates c LEFT JOIN present r ON r.area = c.area"
        % (sql_text(p["rank_code"]), sql_text(p["rank_period"]), order,
           as_text % ("c.value", "c.value_symbol"), bands[0], bands[1], bands[2], bands[3]))

    return [
        Question("count", "count, polarity and year range",
                 "count where polarity = H and period from %s to %s" % (p["count_from"], p["count_to"]),
                 count_sql, count_sql, 0, ["count"], ["count"]),
        Question("avg", "one indicator's average by area",
                 "avg(value) by area where code = %s" % p["avg_code"],
                 avg_sql, avg_sql, 1, ["area", "avg(value)"], ["area", "avg(value)"]),
        Question("pooled", "pooled rate by period, three areas",
                 "pooled(value) by period where code = %s and area in (%s)" % (p["pooled_code"], areas_scry),
                 pooled_sql, pooled_sql, 1, ["period", "pooled(value)"], ["period", "pooled(value)"]),
        Question("by_code", "avg, min, max, count by indicator",
                 "avg(value), min(value), max(value), count(value) by code",
                 by_code_sql, by_code_sql, 1,
                 ["code", "avg(value)", "min(value)", "max(value)", "count(value)"],
                 ["code", "avg(value)", "min(value)", "max(value)", "count(value)"]),
        Question("england", "beside England as of the local period",
                 "show area, period, value, england where code = %s and area_type = authority" % p["england_code"],
                 england_duckdb, england_sqlite, 2, ["area", "period", "value", "england"],
                 ["area", "period", "value", "england"]),
        Question("rank", "rank of authorities, one indicator and period",
                 "rank authorities by %s in %s" % (p["rank_code"], p["rank_period"]),
                 rank_sql, rank_sql, 1, ["rank", "area", "value", "quartile", "period"],
                 ["area", "rank", "value", "quartile"]),
    ]


# ---- answers and their comparison ----------------------------------------------------

class Number:
    """A number as an engine gave it, with the decimals it was shown to (None: full)."""

    def __init__(self, value, decimals=None):
        self.value = value
        self.decimals = decimals

    def __repr__(self):
        if self.decimals is None:
            return repr(self.value)
        return "%.*f" % (self.decimals, self.value)


def read_cell(cell, shown=False):
    """An engine's cell as a Number, a symbol (str) or None (empty). `shown`: the text is a
    figure as scry displays it (thousands separators, a % sign, rounded)."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)):
        return Number(float(cell))
    if not isinstance(cell, str):  # Decimal
        return Number(float(cell))
    text = cell.strip()
    if text == "":
        return None
    plain = text.replace(",", "").rstrip("%") if shown else text
    if re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", plain):
        decimals = None
        if shown and "e" not in plain.lower():
            decimals = len(plain.split(".")[1]) if "." in plain else 0
        return Number(float(plain), decimals)
    return text


def answer(rows, keys):
    """Rows as {key tuple: value tuple}; keys stay text."""
    result = {}
    for row in rows:
        key = tuple("" if cell is None else str(cell) for cell in row[:keys])
        result[key] = tuple(row[keys:])
    return result


def agree(left, right):
    """Whether two cells are the same answer: numbers within half a unit of the shown
    decimals (or one part in 10^9), symbols and empties exactly."""
    if isinstance(left, Number) and isinstance(right, Number):
        tolerance = 1e-9 * max(1.0, abs(left.value), abs(right.value))
        for number in (left, right):
            if number.decimals is not None:
                tolerance = max(tolerance, 0.5 * 10 ** -number.decimals * (1 + 1e-9) + 1e-12 * abs(number.value))
        return abs(left.value - right.value) <= tolerance
    if isinstance(left, Number) or isinstance(right, Number):
        return False
    return left == right


def differences(expected, actual, limit=5):
    """Lines describing where `actual` differs from `expected` ({key: values})."""
    lines = []
    missing = [key for key in expected if key not in actual]
    extra = [key for key in actual if key not in expected]
    wrong = [key for key in expected if key in actual
             and (len(expected[key]) != len(actual[key]) or not all(agree(a, b) for a, b in zip(expected[key], actual[key])))]
    for key in missing[:limit]:
        lines.append("missing row %s (expected %s)" % (list(key), list(expected[key])))
    for key in extra[:limit]:
        lines.append("unexpected row %s: %s" % (list(key), list(actual[key])))
    for key in wrong[:limit]:
        lines.append("row %s: expected %s, got %s" % (list(key), list(expected[key]), list(actual[key])))
    total = len(missing) + len(extra) + len(wrong)
    if total > limit:
        lines.append("… %d rows differ in all (%d missing, %d unexpected, %d with other figures) of %d expected"
                     % (total, len(missing), len(extra), len(wrong), len(expected)))
    return lines


# ---- scry ------------------------------------------------------------------------------

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
                    for line in status:
                        if line.startswith("VmHWM:"):
                            self.peak_bytes = max(self.peak_bytes, int(line.split()[1]) * 1024)
                            break
            except (OSError, ValueError):
                pass
            time.sleep(0.005)

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


def scry_script(lines):
    """A script from meta-command lines and statements, each statement ended by `;`.

    Works around a scry defect (0.1.0, Session.swift, ScriptText.steps): a meta-command's
    place is its byte offset in the script, a statement's its offset in the script with
    meta-command lines emptied, so a statement can run before the meta-command lines above
    it (`.load DIR` then `count` counts before loading). After each meta-command line comes
    a comment as long as all the meta-command lines so far, which keeps every statement
    after them; without the defect the comments change nothing."""
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

    def __init__(self, binary):
        self.binary = binary
        if not os.access(binary, os.X_OK):
            raise SystemExit("scry not found at %s: build it with `make release`, or set SCRY_BIN" % binary)
        self.version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
        self.csv = self._accepts(".mode csv")
        self.timer = self._accepts(".timer on")
        self.empty = self._dataset("empty", "code,name,period_type,unit\n")
        # A dataset whose load writes one warning: a mark on standard error between statements,
        # when scry has no .timer (standard error flushes standard output first).
        self.marker = self._dataset("marker", "code,name,period_type,unit,marker\n")

    def _accepts(self, command):
        return subprocess.run([self.binary, "-c", command], capture_output=True).returncode == 0

    @staticmethod
    def _dataset(name, indicators_header):
        folder = os.path.join(DATA, name)
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
            load, times = self._timer_figures(process.stderr, statement_count)
        else:
            stamps = [at for at, line in process.stderr_lines if "unknown column 'marker'" in line]
            if len(stamps) != marks[0]:
                raise RuntimeError("expected %d marks from scry, saw %d" % (marks[0], len(stamps)))
            cost = statistics.median(stamps[i + 1] - stamps[i] for i in range(len(stamps) - 6, len(stamps) - 1))
            load = stamps[1] - stamps[0] - cost
            times = [max(0.0, stamps[i + 1] - stamps[i] - cost) for i in range(1, 1 + statement_count)]
        tables = self._tables(process.stdout, [q for q in question_list for _ in range(runs)])
        per_question = {}
        answers = {}
        for number, question in enumerate(question_list):
            per_question[question.name] = times[number * runs:(number + 1) * runs]
            answers[question.name] = self._answer(question, tables[number * runs])
        return load, per_question, answers, process

    def _timer_figures(self, stderr, statement_count):
        load = None
        times = []
        for line in stderr.splitlines():
            found = self.RUN_TIME.search(line)
            if not found:
                continue
            if "parse" in found.group(2):
                times.append(float(found.group(1)))
            elif not times:
                load = float(found.group(1))  # the last meta-command before the first statement: .load
        if len(times) != statement_count:
            raise RuntimeError("expected %d Run Time lines from scry, saw %d" % (statement_count, len(times)))
        return load, times

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
        """Whole-process times of `scry --data FOLDER -c .datasets`, and the peak memory."""
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


# ---- DuckDB ----------------------------------------------------------------------------

class DuckDB:
    def __init__(self):
        import duckdb
        self.duckdb = duckdb
        self.version = duckdb.__version__

    def connect(self):
        connection = self.duckdb.connect()
        connection.execute("SET threads = 2")
        return connection

    @staticmethod
    def load_sql(folder):
        path = lambda name: sql_text(os.path.join(folder, name))
        return [
            "CREATE TABLE indicators AS SELECT * FROM read_csv(%s, header = true, all_varchar = true)" % path("indicators.csv"),
            "CREATE TABLE areas AS SELECT * FROM read_csv(%s, header = true, all_varchar = true)" % path("areas.csv"),
            "CREATE TABLE observations AS\n"
            "SELECT indicator, area, period,\n"
            "       TRY_CAST(value AS DOUBLE) AS value,\n"
            "       CASE WHEN TRY_CAST(value AS DOUBLE) IS NULL THEN coalesce(value, '') END AS value_symbol,\n"
            "       TRY_CAST(numerator AS DOUBLE) AS numerator, TRY_CAST(denominator AS DOUBLE) AS denominator,\n"
            "       TRY_CAST(target AS DOUBLE) AS target, TRY_CAST(\"floor\" AS DOUBLE) AS \"floor\"\n"
            "FROM read_csv(%s, header = true, all_varchar = true)" % path("observations.csv"),
        ]

    def session(self, folder, question_list, runs):
        connection = self.connect()
        started = time.perf_counter()
        for statement in self.load_sql(folder):
            connection.execute(statement)
        load = time.perf_counter() - started
        per_question, answers = {}, {}
        for question in question_list:
            times = []
            for run in range(runs):
                started = time.perf_counter()
                rows = connection.execute(question.duckdb_sql).fetchall()
                times.append(time.perf_counter() - started)
                if run == 0:
                    answers[question.name] = answer(
                        [list(row[:question.keys]) + [read_cell(cell) for cell in row[question.keys:]] for row in rows],
                        question.keys)
            per_question[question.name] = times
        connection.close()
        return load, per_question, answers

    def lait_load(self, path, runs):
        """Times of reading bds_long.csv into a table, and how many rows it holds."""
        times = []
        for _ in range(runs):
            connection = self.connect()
            started = time.perf_counter()
            connection.execute("CREATE TABLE lait AS SELECT * FROM read_csv(%s)" % sql_text(os.path.join(path, "bds_long.csv")))
            times.append(time.perf_counter() - started)
            rows = connection.execute("SELECT count(*) FROM lait").fetchone()[0]
            connection.close()
        return times, rows


# ---- SQLite ----------------------------------------------------------------------------

class SQLite:
    """The sqlite3 command-line tool: `.import --csv` into a table whose figure columns
    have REAL affinity (numbers become REAL, symbols stay text), and a view that splits
    them into value and value_symbol as DuckDB's table has them."""

    NOW = "SELECT '@@now', (julianday('now') - 2440587.5) * 86400.0;"
    VIEW = (
        "CREATE VIEW observations AS SELECT indicator, area, period,\n"
        "  CASE WHEN typeof(value) = 'real' THEN value END AS value,\n"
        "  CASE WHEN typeof(value) <> 'real' THEN value END AS value_symbol,\n"
        "  CASE WHEN typeof(numerator) = 'real' THEN numerator END AS numerator,\n"
        "  CASE WHEN typeof(denominator) = 'real' THEN denominator END AS denominator,\n"
        "  CASE WHEN typeof(target) = 'real' THEN target END AS target,\n"
        "  CASE WHEN typeof(\"floor\") = 'real' THEN \"floor\" END AS \"floor\"\n"
        "FROM observations_raw;")

    def __init__(self, binary="sqlite3"):
        self.binary = binary
        try:
            self.version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()[0]
        except (OSError, IndexError):
            raise SystemExit("the sqlite3 command-line tool is missing: apt-get install sqlite3")

    @staticmethod
    def quoted_path(path):
        return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def load_script(self, folder):
        return "\n".join([
            ".import --csv %s indicators" % self.quoted_path(os.path.join(folder, "indicators.csv")),
            ".import --csv %s areas" % self.quoted_path(os.path.join(folder, "areas.csv")),
            "CREATE TABLE observations_raw (indicator TEXT, area TEXT, period TEXT, value REAL, numerator REAL,"
            " denominator REAL, target REAL, \"floor\" REAL);",
            ".import --csv --skip 1 %s observations_raw" % self.quoted_path(os.path.join(folder, "observations.csv")),
        ])

    def session(self, folder, question_list, runs):
        lines = [".bail on", ".headers on", ".mode csv", self.NOW, self.load_script(folder), self.NOW, self.VIEW, ".timer on"]
        for question in question_list:
            for run in range(runs):
                lines.append(".print @@question %s %d" % (question.name, run))
                lines.append(question.sqlite_sql + ";")
        process = Process([self.binary, ":memory:"], "\n".join(lines) + "\n")
        if process.returncode != 0:
            raise RuntimeError("sqlite3 failed (exit %d):\n%s" % (process.returncode, process.stderr[-3000:]))
        output = process.stdout.split("\n")
        stamps = [float(line.split(",")[1]) for line in output if line.startswith("@@now,")]
        load = stamps[1] - stamps[0]
        per_question, answers = {}, {}
        current, block = None, []

        def finish():
            if current is None:
                return
            name, run = current
            timing = [line for line in block if line.startswith("Run Time: real ")]
            per_question.setdefault(name, []).append(float(timing[-1].split()[3]))
            if run == 0:
                records = list(csv.reader(io.StringIO("\n".join(line for line in block if not line.startswith("Run Time: ")))))
                question = next(q for q in question_list if q.name == name)
                rows = [record[:question.keys] + [read_cell(cell) for cell in record[question.keys:]]
                        for record in records[1:] if record]
                answers[name] = answer(rows, question.keys)

        for line in output:
            if line.startswith("@@question "):
                finish()
                _, name, run = line.split()
                current, block = (name, int(run)), []
            elif current is not None:
                block.append(line)
        finish()
        return load, per_question, answers


# ---- the report ------------------------------------------------------------------------

def seconds(value):
    if value is None:
        return "–"
    if value >= 10:
        return "%.1f s" % value
    if value >= 1:
        return "%.2f s" % value
    if value >= 0.001:
        return "%.3g ms" % (value * 1000) if value < 0.1 else "%.0f ms" % (value * 1000)
    return "%.3g ms" % (value * 1000)


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return "–"
    value = numerator / denominator
    return ("%.1f×" if value >= 0.995 else "%.2f×") % value


def mebibytes(count):
    return "%.0f MiB" % (count / (1 << 20))


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    memory = "%.0f GiB RAM" % (int(line.split()[1]) / (1 << 20))
    except OSError:
        pass
    return "%d cores (`nproc`), %s, %s, %s %s" % (os.cpu_count() or 0, model, memory, platform.system(), platform.release())


def ensure_dataset(rows):
    folder = os.path.join(DATA, "rows-%d" % rows)
    if os.path.exists(os.path.join(folder, "observations.csv")) and os.path.exists(os.path.join(folder, ".complete")):
        return folder
    progress("generating %s rows into %s" % ("{:,}".format(rows), folder))
    started = time.monotonic()
    written, months, indicators, areas = generate.generate(rows, folder, 20250331)
    progress("  %s rows (%d indicators × %d areas × %d months, less gaps) in %.1f s"
             % ("{:,}".format(written), indicators, areas, months, time.monotonic() - started))
    open(os.path.join(folder, ".complete"), "w").close()
    return folder


def compare_engines(question_list, answers):
    """For each question: 'agree', or the disagreements, with DuckDB and SQLite checked
    against each other first (they are the reference)."""
    verdicts = {}
    details = []
    for question in question_list:
        found = []
        reference = answers.get("DuckDB", {}).get(question.name)
        for engine in ("SQLite", "scry"):
            other = answers.get(engine, {}).get(question.name)
            if reference is None or other is None:
                continue
            lines = differences(reference, other)
            if lines:
                found.append(engine)
                details.append("- **%s** (`%s`): %s differs from DuckDB\n%s"
                               % (question.title, question.scry, engine, "\n".join("  - " + line for line in lines)))
        engines = [e for e in ("DuckDB", "SQLite", "scry") if question.name in answers.get(e, {})]
        if len(engines) < 2:
            verdicts[question.name] = "not checked"
        elif not found:
            verdicts[question.name] = "agree" if len(engines) == 3 else "agree (%s)" % ", ".join(engines)
        else:
            verdicts[question.name] = "**differ: %s**" % ", ".join(found)
    return verdicts, details


def main_run(arguments, scry):
    rows, runs = arguments.rows, arguments.runs
    sqlite_runs = arguments.sqlite_runs or (min(runs, 3) if rows >= 5_000_000 else runs)
    folder = ensure_dataset(rows)
    p = parameters(folder, rows)
    question_list = questions(p)
    if arguments.show_sql:
        for question in question_list:
            print("-- %s\n-- scry: %s\n%s;\n" % (question.title, question.scry, question.duckdb_sql))
            if question.sqlite_sql != question.duckdb_sql:
                print("-- SQLite:\n%s;\n" % question.sqlite_sql)
        return

    duck = DuckDB()
    lite = SQLite()
    loads, times, answers, notes = {}, {}, {}, []

    progress("scry: load, then each question %d times" % runs)
    try:
        load, per_question, scry_answers, process = scry.session(folder, question_list, runs)
        loads["scry"], times["scry"], answers["scry"] = load, per_question, scry_answers
        session_peak = process.peak_bytes
    except RuntimeError as error:
        notes.append("scry's session failed: %s" % error)
        session_peak = None
    progress("scry: whole-process load (`--data DIR -c .datasets`) and start-up")
    whole, load_peak = scry.load_process(folder)
    start = scry.startup(runs)

    progress("DuckDB: load, then each question %d times" % runs)
    loads["DuckDB"], times["DuckDB"], answers["DuckDB"] = duck.session(folder, question_list, runs)
    progress("SQLite: load, then each question %d times" % sqlite_runs)
    loads["SQLite"], times["SQLite"], answers["SQLite"] = lite.session(folder, question_list, sqlite_runs)

    verdicts, details = compare_engines(question_list, answers)
    median = lambda values: statistics.median(values) if values else None

    out = []
    out.append("### %s rows, %s\n" % ("{:,}".format(rows), datetime.date.today().isoformat()))
    out.append("- Machine: %s" % machine())
    out.append("- Versions: %s; DuckDB %s (Python, `SET threads = 2`); SQLite %s (`sqlite3` command-line tool)"
               % (scry.version, duck.version, lite.version))
    out.append("- Data: %s observations, %s; generated by `generate.py --rows %d`"
               % ("{:,}".format(rows), describe_shape(rows), rows))
    out.append("- Times: median of %d runs in one session after one load (SQLite: %d); scry timed by %s; "
               "loads are one run each" % (runs, sqlite_runs, scry.timing_method))
    out.append("")
    out.append("| question | scry | DuckDB | SQLite | scry/DuckDB | scry/SQLite | rows | answers |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---|")
    out.append("| load (CSV → memory) | %s | %s | %s | %s | %s | %s | |" % (
        seconds(loads.get("scry")), seconds(loads["DuckDB"]), seconds(loads["SQLite"]),
        ratio(loads.get("scry"), loads["DuckDB"]), ratio(loads.get("scry"), loads["SQLite"]), "{:,}".format(rows)))
    for question in question_list:
        s = median(times.get("scry", {}).get(question.name))
        d = median(times["DuckDB"][question.name])
        q = median(times["SQLite"][question.name])
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            question.title, seconds(s), seconds(d), seconds(q), ratio(s, d), ratio(s, q),
            "{:,}".format(len(answers["DuckDB"][question.name])), verdicts[question.name]))
    out.append("")
    out.append("scry's whole process to load and list the dataset (`scry --data DIR -c .datasets`): %s; "
               "peak resident memory %s (%.0f bytes per observation)%s."
               % (seconds(whole[0]), mebibytes(load_peak), load_peak / rows,
                  "" if session_peak is None else ", %s through the questions (%.0f bytes per observation)"
                  % (mebibytes(session_peak), session_peak / rows)))
    out.append("Start-up to first output with the built-in dataset (`scry -c .datasets`): %s (median of %d)."
               % (seconds(median(start)), runs))
    for note in notes:
        out.append("\n%s" % note)
    if details:
        out.append("\nDisagreements (DuckDB is the reference; figures as each engine gave them):\n")
        out.extend(details)

    if arguments.lait and os.path.exists(os.path.join(arguments.lait, "bds_long.csv")):
        out.append("")
        out.extend(lait_report(arguments.lait, scry, duck, min(runs, 3)))
    return "\n".join(out)


def describe_shape(rows):
    months, indicators, areas = generate.shape(rows)
    return "%d indicators, up to %d areas, %d months" % (indicators, areas, months)


def lait_report(path, scry, duck, runs):
    progress("LAIT: scry and DuckDB import %s (%d runs)" % (path, runs))
    whole, peak = scry.load_process(path, runs)
    in_session = scry.timed_load(path)
    duck_times, rows = duck.lait_load(path, runs)
    median = statistics.median
    return [
        "LAIT import (%s, %s rows; median of %d):\n" % (os.path.basename(os.path.normpath(path)) + "/bds_long.csv", "{:,}".format(rows), runs),
        "| | scry | DuckDB `read_csv` | scry/DuckDB |",
        "|---|---:|---:|---:|",
        "| import, in session | %s | %s | %s |" % (seconds(in_session), seconds(median(duck_times)), ratio(in_session, median(duck_times))),
        "| whole process (`scry --data LAIT -c .datasets`) | %s | | |" % seconds(median(whole)),
        "",
        "scry's peak resident memory with the LAIT data loaded: %s." % mebibytes(peak),
    ]


def growth_run(arguments, scry):
    sizes = [int(size.replace("_", "")) for size in arguments.sizes.split(",") if size.strip()]
    out = ["### scry as the data grows, %s\n" % datetime.date.today().isoformat(),
           "- Machine: %s" % machine(),
           "- Version: %s; times: median of %d runs in one session, by %s; each cell: time (per million rows)"
           % (scry.version, arguments.runs, scry.timing_method), ""]
    header, table = None, []
    for rows in sizes:
        folder = ensure_dataset(rows)
        question_list = questions(parameters(folder, rows))
        progress("scry at %s rows" % "{:,}".format(rows))
        load, per_question, _, process = scry.session(folder, question_list, arguments.runs)
        millions = rows / 1e6
        cells = [seconds(load) + " (%s)" % seconds(load / millions)]
        for question in question_list:
            figure = statistics.median(per_question[question.name])
            cells.append("%s (%s)" % (seconds(figure), seconds(figure / millions)))
        cells.append("%s (%.0f B/row)" % (mebibytes(process.peak_bytes), process.peak_bytes / rows))
        header = ["rows", "load"] + [q.title for q in question_list] + ["peak memory"]
        table.append(["{:,}".format(rows)] + cells)
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" + "---:|" * (len(header) - 1))
    out.extend("| " + " | ".join(row) + " |" for row in table)
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description="Benchmark scry against DuckDB and SQLite.")
    parser.add_argument("--rows", type=int, default=10_000_000, help="observations (default 10,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each question (default 5)")
    parser.add_argument("--sqlite-runs", type=int, help="runs of each question in SQLite (default: --runs, at most 3 from 5M rows)")
    parser.add_argument("--sizes", help="comma-separated sizes: time scry alone at each (growth run)")
    parser.add_argument("--lait", default=os.path.normpath(os.path.join(HERE, "..", "..", "shared", "lait")),
                        help="LAIT folder to time its import too (default ../../shared/lait); '' to skip")
    parser.add_argument("--show-sql", action="store_true", help="print the questions and their SQL, then stop")
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")

    binary = os.environ.get("SCRY_BIN") or os.path.join(HERE, "..", ".build", "release", "scry")
    scry = None if arguments.show_sql else Scry(os.path.abspath(binary))
    os.makedirs(DATA, exist_ok=True)
    report = growth_run(arguments, scry) if arguments.sizes else main_run(arguments, scry)
    if report:
        print(report)
        with open(os.path.join(DATA, "last-run.md"), "w") as handle:
            handle.write(report + "\n")


if __name__ == "__main__":
    main()
