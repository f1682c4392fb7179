"""Polars, the third engine: the dataset read into data frames typed as DuckDB's tables,
then each question as Polars code, timed in this process."""

import os
import time

from answers import keyed, read_cell


class Polars:
    """Polars in this process, two threads (POLARS_MAX_THREADS, set before Polars is first
    imported, as DuckDB's `SET threads = 2`). The observations are read with every column
    as text, then value, numerator, denominator, target and floor become Float64 (null
    when the text is not a number) beside a `value_symbol` column that keeps the symbol
    ('' when blank, null when value is a number): the columns of DuckDB's table.

    A question's Polars code is text run with `pl`, `o` (observations), `i` (indicators)
    and `a` (areas, with `type` and `parent`), all lazy frames, and leaves a lazy frame in
    `result`. It is timed from the start of the code to the last row collected; an export
    is timed to its file written (`sink_csv`)."""

    FIGURES = ("value", "numerator", "denominator", "target", "floor")

    def __init__(self):
        os.environ["POLARS_MAX_THREADS"] = "2"
        import polars
        self.pl = polars
        self.version = polars.__version__
        self.threads = polars.thread_pool_size()

    def load(self, folder):
        """The three tables as data frames, and the time it took to read them."""
        pl = self.pl
        started = time.perf_counter()
        observations = (
            pl.scan_csv(os.path.join(folder, "observations.csv"), infer_schema=False)
            .with_columns([pl.col(name).cast(pl.Float64, strict=False) for name in self.FIGURES]
                          + [pl.when(pl.col("value").cast(pl.Float64, strict=False).is_null())
                             .then(pl.col("value").fill_null("")).alias("value_symbol")])
            .collect())
        indicators = pl.read_csv(os.path.join(folder, "indicators.csv"), infer_schema=False)
        areas = pl.read_csv(os.path.join(folder, "areas.csv"), infer_schema=False)
        return {"o": observations, "i": indicators, "a": areas}, time.perf_counter() - started

    def run(self, code, tables):
        """The lazy frame a question's code leaves in `result`."""
        names = {"pl": self.pl}
        names.update({name: frame.lazy() for name, frame in tables.items()})
        exec(code, names)
        return names["result"]

    def session(self, folder, question_list, runs, exports):
        """Loads `folder` once, then asks each question with Polars code `runs` times.
        Returns the load time, each question's run times and each question's first
        answer; an export question's answer is its file's summary (`exports`)."""
        tables, load = self.load(folder)
        per_question, answers = {}, {}
        for question in question_list:
            if question.polars is None:
                continue
            code = compile(question.polars, "<%s>" % question.name, "exec")
            times = []
            for number in range(runs):
                started = time.perf_counter()
                result = self.run(code, tables)
                if question.export:
                    path = exports.path("polars", question)
                    self.write_csv(result, path)
                else:
                    frame = result.collect()
                times.append(time.perf_counter() - started)
                if number == 0:
                    if question.export:
                        answers[question.name] = exports.summary(path, question)
                    else:
                        rows = [list(row[:question.keys]) + [read_cell(cell) for cell in row[question.keys:]]
                                for row in frame.rows()]
                        answers[question.name] = keyed(rows, question)
            if question.export:
                exports.remove(exports.path("polars", question))
            per_question[question.name] = times
        return load, per_question, answers

    @staticmethod
    def write_csv(result, path):
        """A lazy result streamed to a CSV file; collected whole and written where the
        streaming engine cannot run the plan."""
        try:
            result.sink_csv(path)
        except Exception:  # a plan the streaming engine refuses
            result.collect().write_csv(path)

    def load_times(self, folder, runs):
        """Times of reading the dataset afresh, without the questions."""
        return [self.load(folder)[1] for _ in range(runs)]
