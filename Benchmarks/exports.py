"""Results written to CSV files, and how each file is summarised so that the engines'
files can be compared without reading millions of rows into Python."""

import csv
import io
import os

from answers import Number, read_cell


class Exports:
    """The folder the engines write their exports into (`.data/exports/`), and each
    file's summary as an answer:

    - ("rows",): how many rows the file holds, its header left out;
    - ("checksum",): the sum of a hash of every row, each cell spelled alike first (a
      number as the shortest text of its double, so `16.70`, `16.7` and `16.7e0` agree; an
      empty cell as ''), so the same rows in any order give the same sum;
    - for a sorted export, ("first", "#k",) and ("last", "#k",): its first and last
      `edge` rows, read as any answer's cells, so the order is checked at both ends.

    The sums are taken by DuckDB over the file (read as text), outside any timing."""

    def __init__(self, folder, edge=50):
        self.folder = folder
        self.edge = edge
        os.makedirs(folder, exist_ok=True)
        self.connection = None

    def path(self, engine, question):
        return os.path.join(self.folder, "%s-%s.csv" % (engine, question.name))

    def remove(self, path):
        if os.path.exists(path):
            os.remove(path)

    def clear(self):
        """Removes every file left in the folder (a run cut short leaves its exports)."""
        for name in os.listdir(self.folder):
            self.remove(os.path.join(self.folder, name))

    def summary(self, path, question):
        """The answer a file gives: row count, checksum and, when sorted, its ends."""
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            return {("rows",): (Number(0.0),)}
        with open(path, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), [])
        names = ["c%d" % number for number in range(len(header))]
        spelled = ", ".join("coalesce(CAST(TRY_CAST(%s AS DOUBLE) AS VARCHAR), %s, '')" % (name, name) for name in names)
        connection = self._connection()
        count, total = connection.execute(
            "SELECT count(*), sum(hash(%s)) FROM read_csv(?, header = true, all_varchar = true, names = ?,"
            " quote = '\"', escape = '\"')" % spelled, [path, names]).fetchone()
        result = {("rows",): (Number(float(count)),), ("checksum",): ("%016x" % ((total or 0) % (1 << 64)),)}
        if question.export == "sorted":
            first, last = self.ends(path)
            for place, row in enumerate(first, 1):
                result[("first", "#%d" % place)] = tuple(read_cell(cell, shown=True) for cell in row)
            for place, row in enumerate(last, 1):
                result[("last", "#%d" % place)] = tuple(read_cell(cell, shown=True) for cell in row)
        return result

    def ends(self, path):
        """The file's first and last `edge` rows (no field of these files holds a line end)."""
        first = []
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for row in reader:
                first.append(row)
                if len(first) == self.edge:
                    break
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 1024 * self.edge))
            tail = handle.read().decode("utf-8", "replace").split("\n")
        lines = [line for line in tail[1:] if line.strip() != ""][-self.edge:]
        # From the file's start, the first line is the header; else it is a line cut short.
        return first, list(csv.reader(io.StringIO("\n".join(lines))))

    def _connection(self):
        if self.connection is None:
            import duckdb
            self.connection = duckdb.connect()
            self.connection.execute("SET threads = 2")
        return self.connection
