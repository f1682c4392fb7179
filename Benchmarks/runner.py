#!/usr/bin/env python3
"""scry against DuckDB, Polars and SQLite on the same synthetic indicator history.

Run it through ./run, which makes the virtual environment with DuckDB and Polars first:

    Benchmarks/run                      # 10,000,000 rows, 5 runs of each question
    Benchmarks/run --rows 1000000 --runs 3
    Benchmarks/run --sizes 1000000,10000000,50000000   # scry alone, at each size

Each engine loads the dataset once, then answers every question --runs times in the same
session; a question's time is the median of its runs. The answers are checked against
each other and every disagreement is printed. The results come out as Markdown on
standard output (progress goes to standard error) and are kept in .data/last-run.md.
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time

import generate
from answers import differences
from exports import Exports
from polars_engine import Polars
from questions import parameters, questions
from scry_session import Scry
from sql_engines import DuckDB, SQLite

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, ".data")


def progress(message):
    print(message, file=sys.stderr, flush=True)


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
    if value >= 0.995:
        return "%.1f×" % value
    # Two significant figures below 1, so that 0.0028× does not read as 0.00×.
    return "%s×" % ("%.2g" % value if value < 0.1 else "%.2f" % value)


def mebibytes(count):
    return "{:,.0f} MiB".format(count / (1 << 20))


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
    written, months, indicators, areas = generate.generate(rows, folder, generate.DEFAULT_SEED)
    progress("  %s rows (%d indicators × %d areas × %d months, less gaps) in %.1f s"
             % ("{:,}".format(written), indicators, areas, months, time.monotonic() - started))
    return folder


ENGINES = ("DuckDB", "Polars", "SQLite", "scry")


def compare_engines(question_list, answers):
    """For each question: 'agree', or the disagreements. DuckDB is the reference: Polars',
    SQLite's and scry's answers are each checked against it."""
    verdicts = {}
    details = []
    for question in question_list:
        found = []
        reference = answers.get("DuckDB", {}).get(question.name)
        for engine in ENGINES[1:]:
            other = answers.get(engine, {}).get(question.name)
            if reference is None or other is None:
                continue
            lines = differences(reference, other)
            if lines:
                found.append(engine)
                details.append("- **%s** (`%s`): %s differs from DuckDB\n%s"
                               % (question.title, question.scry, engine, "\n".join("  - " + line for line in lines)))
        engines = [e for e in ENGINES if question.name in answers.get(e, {})]
        if len(engines) < 2:
            verdicts[question.name] = "not checked"
        elif not found:
            expected = [e for e in ENGINES if e != "SQLite" or question.sqlite_sql is not None]
            verdicts[question.name] = "agree" if engines == expected else "agree (%s)" % ", ".join(engines)
        else:
            verdicts[question.name] = "**differ: %s**" % ", ".join(found)
    return verdicts, details


def show_questions(question_list):
    """Each question as scry asks it, as DuckDB's and SQLite's SQL and as Polars code."""
    for number, question in enumerate(question_list, 1):
        print("-- %d. %s\n-- scry:\n%s\n" % (number, question.title, question.scry))
        sql = question.duckdb_sql
        if question.export:
            sql = "COPY (%s) TO 'FILE.csv' (HEADER)" % sql
        print("-- DuckDB:\n%s;\n" % sql)
        if question.sqlite_sql is None:
            print("-- SQLite: not asked\n")
        elif question.sqlite_sql != question.duckdb_sql:
            print("-- SQLite:\n%s;\n" % question.sqlite_sql)
        else:
            print("-- SQLite: the same\n")
        if question.polars:
            tail = "\nresult.sink_csv('FILE.csv')" if question.export else "\nresult.collect()"
            print("# Polars:\n%s%s\n" % (question.polars, tail))


def cell_text(text):
    """Text in a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def main_run(arguments, scry):
    rows, runs, load_runs = arguments.rows, arguments.runs, max(1, arguments.load_runs)
    sqlite_runs = arguments.sqlite_runs or (min(runs, 3) if rows >= 5_000_000 else runs)
    folder = ensure_dataset(rows)
    p = parameters(folder, rows)
    question_list = questions(p)
    if arguments.show_sql:
        show_questions(question_list)
        return

    exports = Exports(os.path.join(DATA, "exports"))
    duck = DuckDB()
    polars = Polars()
    lite = SQLite()
    loads, times, answers, notes = {}, {}, {}, []
    scry_errors, question_peaks = {}, {}

    progress("scry: load, then each question %d times" % runs)
    try:
        load, per_question, scry_answers, process, scry_errors = scry.session(folder, question_list, runs, exports)
        times["scry"], answers["scry"] = per_question, scry_answers
        session_peak, loaded, question_peaks = process.peak_bytes, process.loaded_bytes, process.question_peaks
        progress("scry: %d more loads" % (load_runs - 1))
        loads["scry"] = [load] + [scry.timed_load(folder) for _ in range(load_runs - 1)]
    except RuntimeError as error:
        notes.append("scry's session failed: %s" % error)
        session_peak, loaded = None, None
    progress("scry: whole-process load (`--data DIR -c .datasets`) and start-up")
    try:
        whole, load_peak = scry.load_process(folder, load_runs)
    except RuntimeError as error:
        notes.append("scry's whole-process load failed: %s" % error)
        whole, load_peak = [None], 0
    start = scry.startup(runs)

    progress("DuckDB: load, then each question %d times" % runs)
    duck_load, times["DuckDB"], answers["DuckDB"] = duck.session(folder, question_list, runs, exports)
    progress("DuckDB: %d more loads" % (load_runs - 1))
    loads["DuckDB"] = [duck_load] + duck.load_times(folder, load_runs - 1)
    progress("Polars: load, then each question %d times" % runs)
    polars_load, times["Polars"], answers["Polars"] = polars.session(folder, question_list, runs, exports)
    progress("Polars: %d more loads" % (load_runs - 1))
    loads["Polars"] = [polars_load] + polars.load_times(folder, load_runs - 1)
    progress("SQLite: load, then each question %d times (the first %d questions)"
             % (sqlite_runs, sum(1 for q in question_list if q.sqlite_sql is not None)))
    sqlite_load, times["SQLite"], answers["SQLite"] = lite.session(folder, question_list, sqlite_runs)
    loads["SQLite"] = [sqlite_load]

    exports.clear()
    verdicts, details = compare_engines(question_list, answers)
    median = lambda values: statistics.median(values) if values else None

    out = []
    out.append("### %s rows, %s\n" % ("{:,}".format(rows), datetime.date.today().isoformat()))
    out.append("- Machine: %s" % machine())
    out.append("- Versions: %s; DuckDB %s (Python, `SET threads = 2`); Polars %s (Python, %d threads); "
               "SQLite %s (`sqlite3` command-line tool)"
               % (scry.version, duck.version, polars.version, polars.threads, lite.version))
    out.append("- Data: %s observations, %s; generated by `generate.py --rows %d`"
               % ("{:,}".format(rows), describe_shape(rows), rows))
    out.append("- Times: median of %d runs in one session after one load (SQLite: %d); scry timed by %s; "
               "loads: median of %d, each into a fresh session (SQLite: one); exports timed to the file written"
               % (runs, sqlite_runs, scry.timing_method, load_runs))
    out.append("- Memory: scry's peak resident set while a question ran (all its runs), and that peak over "
               "the resident set once loaded (%s)" % (mebibytes(loaded) if loaded else "–"))
    out.append("")
    out.append("| question | scry | DuckDB | Polars | SQLite | scry/DuckDB | scry/Polars | scry peak memory | peak/loaded | rows | answers |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    load_s, load_d, load_p, load_q = (median([t for t in loads.get(e, []) if t is not None])
                                      for e in ("scry", "DuckDB", "Polars", "SQLite"))
    out.append("| load (CSV → memory) | %s | %s | %s | %s | %s | %s | %s | | %s | |" % (
        seconds(load_s), seconds(load_d), seconds(load_p), seconds(load_q), ratio(load_s, load_d), ratio(load_s, load_p),
        mebibytes(loaded) if loaded else "–", "{:,}".format(rows)))
    for number, question in enumerate(question_list, 1):
        s = median(times.get("scry", {}).get(question.name))
        d = median(times["DuckDB"][question.name])
        f = median(times["Polars"].get(question.name))
        q = median(times["SQLite"].get(question.name))
        if question.name in scry_errors:
            scry_cell = cell_text("error: %s" % scry_errors[question.name])
        else:
            scry_cell = seconds(s)
        peak = question_peaks.get(question.name)
        out.append("| %d. %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            number, question.title, scry_cell, seconds(d), seconds(f),
            seconds(q) if question.sqlite_sql is not None else "—", ratio(s, d), ratio(s, f),
            mebibytes(peak) if peak else "–", "%.2f×" % (peak / loaded) if peak and loaded else "–",
            answer_rows(answers["DuckDB"][question.name], question), verdicts[question.name]))
    out.append("")
    out.append("scry's whole process to load and list the dataset (`scry --data DIR -c .datasets`): %s; "
               "peak resident memory %s (%.0f bytes per observation); median of %d." % (
                   seconds(median([t for t in whole if t is not None])), mebibytes(load_peak), load_peak / rows, len(whole)))
    if session_peak is not None:
        out.append("In the session: %s resident once loaded (%.0f bytes per observation), peak %s through the questions."
                   % (mebibytes(loaded), loaded / rows, mebibytes(session_peak)))
    out.append("Start-up to first output with the built-in dataset (`scry -c .datasets`): %s (median of %d)."
               % (seconds(median(start)), runs))
    for note in notes:
        out.append("\n%s" % note)
    if details:
        out.append("\nDisagreements (DuckDB is the reference; figures as each engine gave them):\n")
        out.extend(details)

    if arguments.lait and os.path.exists(os.path.join(arguments.lait, "bds_long.csv")):
        out.append("")
        try:
            out.extend(lait_report(arguments.lait, scry, duck, min(runs, 3)))
        except RuntimeError as error:
            out.append("The LAIT import failed: %s" % error)
    return "\n".join(out)


def answer_rows(answer, question):
    """How many rows an answer has: an export's from its file's summary."""
    if question.export:
        return "{:,}".format(int(answer[("rows",)][0].value))
    return "{:,}".format(len(answer))


def describe_shape(rows):
    months, indicators, areas = generate.shape(rows)
    return "%d indicators, up to %d areas, %d months" % (indicators, areas, months)


def lait_report(path, scry, duck, runs):
    progress("LAIT: scry and DuckDB import %s (%d runs)" % (path, runs))
    whole, peak = scry.load_process(path, runs)
    in_session = statistics.median([scry.timed_load(path) for _ in range(runs)])
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
    exports = Exports(os.path.join(DATA, "exports"))
    columns = []  # per size: {row title: cell}
    titles = ["load"]
    for rows in sizes:
        folder = ensure_dataset(rows)
        question_list = questions(parameters(folder, rows))
        progress("scry at %s rows" % "{:,}".format(rows))
        load, per_question, _, process, errors = scry.session(folder, question_list, arguments.runs, exports)
        millions = rows / 1e6
        cells = {"load": seconds(load) + " (%s)" % seconds(load / millions)}
        for number, question in enumerate(question_list, 1):
            title = "%d. %s" % (number, question.short)
            if title not in titles:
                titles.append(title)
            if question.name in errors:
                cells[title] = "error"
                continue
            figure = statistics.median(per_question[question.name])
            peak = process.question_peaks.get(question.name)
            cells[title] = "%s (%s)%s" % (seconds(figure), seconds(figure / millions),
                                          ", %.2f× memory" % (peak / process.loaded_bytes) if peak and process.loaded_bytes else "")
        cells["peak memory"] = "%s (%.0f B/row)" % (mebibytes(process.peak_bytes), process.peak_bytes / rows)
        columns.append(cells)
    exports.clear()
    titles.append("peak memory")
    out.append("| | " + " | ".join("{:,} rows".format(rows) for rows in sizes) + " |")
    out.append("|---|" + "---:|" * len(sizes))
    for title in titles:
        out.append("| %s | %s |" % (title, " | ".join(cells.get(title, "–") for cells in columns)))
    out.append("")
    out.append("A question's memory is its peak resident set over the resident set once loaded; \"error\": this "
               "scry cannot ask it yet.")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description="Benchmark scry against DuckDB, Polars and SQLite.")
    parser.add_argument("--rows", type=int, default=10_000_000, help="observations (default 10,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each question (default 5)")
    parser.add_argument("--load-runs", type=int, default=3, help="loads of the dataset by scry and DuckDB; the median counts (default 3)")
    parser.add_argument("--sqlite-runs", type=int, help="runs of each question in SQLite (default: --runs, at most 3 from 5M rows)")
    parser.add_argument("--sizes", help="comma-separated sizes: time scry alone at each (growth run)")
    parser.add_argument("--lait", default=os.path.normpath(os.path.join(HERE, "..", "..", "shared", "lait")),
                        help="LAIT folder to time its import too (default ../../shared/lait); '' to skip")
    parser.add_argument("--show-sql", action="store_true",
                        help="print each question as scry, SQL and Polars code for the dataset, then stop")
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")

    binary = os.environ.get("SCRY_BIN") or os.path.join(HERE, "..", ".build", "release", "scry")
    os.makedirs(DATA, exist_ok=True)
    scry = None if arguments.show_sql else Scry(os.path.abspath(binary), DATA)
    report = growth_run(arguments, scry) if arguments.sizes else main_run(arguments, scry)
    if report:
        print(report)
        with open(os.path.join(DATA, "last-run.md"), "w") as handle:
            handle.write(report + "\n")


if __name__ == "__main__":
    main()
