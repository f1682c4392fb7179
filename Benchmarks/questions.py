"""The benchmark's questions: each as scry asks it and as SQL asks it, with what they are
about chosen from the dataset."""

import csv
import os
import re

import generate


def sql_text(text):
    return "'" + text.replace("'", "''") + "'"


def scry_name(text):
    """A name as scry reads it: bare when it is one word, quoted otherwise."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        return text
    return '"' + text.replace('"', '""') + '"'


class Question:
    """One question: scry's statement, the SQL for DuckDB and for SQLite (None: SQLite
    skips it), the Polars code (see `polars_engine.py`), and how to read the answer as
    {key: values}. `keys` is how many leading columns form the key; `header` names the
    result columns scry gives, in order; `scry_columns` the ones read from its answer, by
    name (None: all, in order).

    - `ordered`: None when the rows may come in any order; else the order is part of the
      answer, within groups of that many leading key columns (0: over all rows);
    - `number_keys`: the places of key columns that hold numbers;
    - `export`: None, or the result is written to a CSV file and compared by its summary
      (`exports.py`): "rows" in any order, "sorted" in the question's order;
    - `short`: a short title for the growth table."""

    def __init__(self, name, title, scry, duckdb_sql, sqlite_sql, keys, header, scry_columns,
                 polars=None, ordered=None, number_keys=(), export=None, short=None):
        self.name = name
        self.title = title
        self.scry = scry
        self.duckdb_sql = duckdb_sql
        self.sqlite_sql = sqlite_sql
        self.keys = keys
        self.header = header
        self.scry_columns = scry_columns
        self.polars = polars
        self.ordered = ordered
        self.number_keys = number_keys
        self.export = export
        self.short = short or title


def read_small_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def template_level(code):
    """The level the generator draws an indicator's figures around (its template's base)."""
    base_code = re.sub(r"_\d+$", "", code)
    for template in generate.TEMPLATES:
        if template[0] in (code, base_code):
            return template[8]
    raise SystemExit("no template for indicator %s" % code)


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
    having_code = pick("REREF", "percent")
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
        "sum_code": pick("CIC_COUNT", "count"),
        "year_code": pick("SCHOOL_ATTEND", "percent"),
        "top_code": pick("CIC_VISITS", "percent"),
        "having_code": having_code,
        # About half the areas average above the level the generator draws them around.
        "having_threshold": template_level(having_code),
        "latest_period": generate.month_label(generate.LAST_MONTH),
        "area_prefix": "North",
        "value_range": (40, 60),
        "name_pattern": "%rate%",
    }


def questions(p):
    from analyst_questions import analyst_questions

    """The first six questions, each as scry asks it, as SQL asks it and as Polars code;
    then the analyst's questions (`analyst_questions.py`). `observations` has
    value as a number (NULL when missing) and value_symbol (the symbol, '' when blank, NULL
    when value is a number); both engines see the same columns (for SQLite, a view)."""
    from analyst_questions import analyst_questions

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

    authorities_pl = 'authorities = a.filter(pl.col("type") == "authority").select(pl.col("name").alias("area"))\n'
    text_pl = 'pl.coalesce(pl.col(%r).cast(pl.String), pl.col(%r))'
    count_pl = (
        'codes = i.filter(pl.col("polarity") == "H").select(pl.col("code").alias("indicator"))\n'
        'result = (o.join(codes, on="indicator", how="semi")\n'
        '          .filter(pl.col("period").is_between(pl.lit(%r), pl.lit(%r)))\n'
        '          .select(pl.len().alias("count")))' % (p["count_from"], p["count_to"]))
    avg_pl = ('result = o.filter(pl.col("indicator") == %r).group_by("area").agg(pl.col("value").mean().alias("avg"))'
              % p["avg_code"])
    pooled_pl = (
        'both = pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()\n'
        'result = (o.filter((pl.col("indicator") == %r) & pl.col("area").is_in(%r))\n'
        '          .group_by("period")\n'
        '          .agg(pl.when(both.any())  # no row with both: null, as in SQL\n'
        '               .then(pl.col("numerator").filter(both).sum() / pl.col("denominator").filter(both).sum() * %d)\n'
        '               .alias("pooled")))'
        % (p["pooled_code"], p["pooled_areas"], p["pooled_scale"]))
    by_code_pl = (
        'value = pl.col("value")\n'
        'result = o.group_by("indicator").agg(value.mean().alias("avg"), value.min().alias("min"),\n'
        '                                     value.max().alias("max"), value.count().alias("count"))')
    month_pl = 'month = pl.col("period").str.slice(0, 4).cast(pl.Int32) * 12 + pl.col("period").str.slice(5, 2).cast(pl.Int32)\n'
    england_pl = (
        month_pl + authorities_pl +
        'local = (o.filter(pl.col("indicator") == %r).join(authorities, on="area", how="semi")\n'
        '         .select("area", "period", "value", "value_symbol", month.alias("month")).sort("month"))\n'
        'national = (o.filter((pl.col("indicator") == %r) & (pl.col("area") == %r))\n'
        '            .select(month.alias("month"), %s.alias("england")).sort("month"))\n'
        'result = (local.join_asof(national, on="month", strategy="backward")\n'
        '          .select("area", "period", %s.alias("value"), "england"))'
        % (p["england_code"], p["england_code"], p["national"], text_pl % ("value", "value_symbol"),
           text_pl % ("value", "value_symbol")))
    rank_pl = (
        authorities_pl +
        'candidates = (o.filter((pl.col("indicator") == %r) & (pl.col("period") == %r))\n'
        '              .join(authorities, on="area", how="semi"))\n'
        'value = pl.col("value")\n'
        'result = candidates.select(\n'
        '    "area", value.rank("min", descending=%r).alias("rank"), %s.alias("value"),\n'
        '    pl.when(value.is_null()).then(None)\n'
        '    .when(value <= value.quantile(0.25, "linear")).then(pl.lit(%r))\n'
        '    .when(value <= value.quantile(0.5, "linear")).then(pl.lit(%r))\n'
        '    .when(value <= value.quantile(0.75, "linear")).then(pl.lit(%r))\n'
        '    .otherwise(pl.lit(%r)).alias("quartile"))'
        % (p["rank_code"], p["rank_period"], p["rank_polarity"] == "H", text_pl % ("value", "value_symbol"),
           bands[0], bands[1], bands[2], bands[3]))

    return [
        Question("count", "count, polarity and year range",
                 "count where polarity = H and period from %s to %s" % (p["count_from"], p["count_to"]),
                 count_sql, count_sql, 0, ["count"], ["count"], polars=count_pl, short="count"),
        Question("avg", "one indicator's average by area",
                 "avg(value) by area where code = %s" % p["avg_code"],
                 avg_sql, avg_sql, 1, ["area", "avg(value)"], ["area", "avg(value)"], polars=avg_pl, short="average by area"),
        Question("pooled", "pooled rate by period, three areas",
                 "pooled(value) by period where code = %s and area in (%s)" % (p["pooled_code"], areas_scry),
                 pooled_sql, pooled_sql, 1, ["period", "pooled(value)"], ["period", "pooled(value)"], polars=pooled_pl,
                 short="pooled"),
        Question("by_code", "avg, min, max, count by indicator",
                 "avg(value), min(value), max(value), count(value) by code",
                 by_code_sql, by_code_sql, 1,
                 ["code", "avg(value)", "min(value)", "max(value)", "count(value)"],
                 ["code", "avg(value)", "min(value)", "max(value)", "count(value)"], polars=by_code_pl, short="by indicator"),
        Question("england", "beside England as of the local period",
                 "show area, period, value, england where code = %s and area_type = authority" % p["england_code"],
                 england_duckdb, england_sqlite, 2, ["area", "period", "value", "england"],
                 ["area", "period", "value", "england"], polars=england_pl, short="beside England"),
        Question("rank", "rank of authorities, one indicator and period",
                 "rank authorities by %s in %s" % (p["rank_code"], p["rank_period"]),
                 rank_sql, rank_sql, 1, ["rank", "ranked_of", "area", "value", "quartile", "period"],
                 ["area", "rank", "value", "quartile"], polars=rank_pl, short="rank"),
    ] + analyst_questions(p)
