"""Two of the engines scry is set beside: DuckDB (the Python package) and SQLite (the sqlite3
command-line tool), each loading the dataset once and asking each question several times.
Polars, the third, is in polars_engine.py."""

import csv
import io
import os
import subprocess
import time

from answers import keyed, read_cell
from process import Process
from questions import sql_text


class DuckDB:
    """DuckDB in this process, two threads: `read_csv` into typed tables, then each query
    timed from `execute` to its last row fetched."""

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

    def session(self, folder, question_list, runs, exports):
        """Loads `folder` once, then asks each question `runs` times. An export question's
        query is written to a file by `COPY (query) TO file (HEADER)`, timed to the file
        written, and its answer is the file's summary (`exports`)."""
        connection = self.connect()
        started = time.perf_counter()
        for statement in self.load_sql(folder):
            connection.execute(statement)
        load = time.perf_counter() - started
        per_question, answers = {}, {}
        for question in question_list:
            times = []
            path = exports.path("duckdb", question) if question.export else None
            for run in range(runs):
                started = time.perf_counter()
                if question.export:
                    connection.execute("COPY (%s) TO %s (HEADER)" % (question.duckdb_sql, sql_text(path)))
                else:
                    rows = connection.execute(question.duckdb_sql).fetchall()
                times.append(time.perf_counter() - started)
                if run == 0:
                    if question.export:
                        answers[question.name] = exports.summary(path, question)
                    else:
                        answers[question.name] = keyed(
                            [list(row[:question.keys]) + [read_cell(cell) for cell in row[question.keys:]] for row in rows],
                            question)
            if path:
                exports.remove(path)
            per_question[question.name] = times
        connection.close()
        return load, per_question, answers

    def load_times(self, folder, runs):
        """Times of loading the dataset into a fresh connection, without the questions."""
        times = []
        for _ in range(runs):
            connection = self.connect()
            started = time.perf_counter()
            for statement in self.load_sql(folder):
                connection.execute(statement)
            times.append(time.perf_counter() - started)
            connection.close()
        return times

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
        """Loads `folder`, then asks each question that has SQLite's SQL `runs` times."""
        lines = [".bail on", ".headers on", ".mode csv", self.NOW, self.load_script(folder), self.NOW, self.VIEW, ".timer on"]
        for question in question_list:
            if question.sqlite_sql is None:
                continue
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
                answers[name] = keyed(rows, question)

        for line in output:
            if line.startswith("@@question "):
                finish()
                _, name, run = line.split()
                current, block = (name, int(run)), []
            elif current is not None:
                block.append(line)
        finish()
        return load, per_question, answers
