"""The analyst's questions beyond the first six: sorting and top-N over all rows, grouping
up to a group per row, distinct counts, percentiles, patterns on names, months rolled up
to their years, filters on aggregates, ranges, groups by an indicator's attribute, and
exports of millions of rows. Each is a scry statement, DuckDB SQL and Polars code; SQLite
skips them (they take it minutes)."""

from questions import Question, sql_text


def like_pattern(pattern):
    """SQL LIKE's pattern (`%` any run, `_` one character) as a case-insensitive regular
    expression for Polars, anchored at both ends."""
    out = []
    for character in pattern:
        if character == "%":
            out.append(".*")
        elif character == "_":
            out.append(".")
        else:
            out.append("\\" + character if not character.isalnum() and character != " " else character)
    return "(?is)^" + "".join(out) + "$"


# A month's financial year (April to March) and academic year (September to August),
# written as scry writes them: 2013/14 and AY 2013/14.
YEAR_SQL = ("CAST(substr(o.period, 1, 4) AS INTEGER) - CASE WHEN CAST(substr(o.period, 6, 2) AS INTEGER) < %d THEN 1 ELSE 0 END")
YEAR_LABEL_SQL = "%sCAST(y AS VARCHAR) || '/' || lpad(CAST((y + 1) %% 100 AS VARCHAR), 2, '0')"
# A sum of no values is null, as SQL's sum is, never zero.
SUM_PL = 'pl.when(pl.col("%s").count() > 0).then(pl.col("%s").sum())'
YEAR_PL = (
    'start = (pl.col("period").str.slice(0, 4).cast(pl.Int32)\n'
    '         - (pl.col("period").str.slice(5, 2).cast(pl.Int32) < %d).cast(pl.Int32))\n'
    'year = pl.concat_str([pl.lit(%r), start.cast(pl.String), pl.lit("/"),\n'
    '                      ((start + 1) %% 100).cast(pl.String).str.zfill(2)])\n')


def analyst_questions(p):
    """The questions, with what they ask about chosen in `questions.parameters`."""
    value = 'value = pl.col("value")\n'
    text_value = 'pl.coalesce(pl.col("value").cast(pl.String), pl.col("value_symbol")).alias("value")'
    out = []

    def ask(name, title, scry, duckdb_sql, polars, keys, header, **options):
        out.append(Question(name, title, scry, duckdb_sql, None, keys, header, None, polars=polars, **options))

    ask("top_all", "top 25 over all rows",
        "show code, area, period, value order by value desc, code, area, period limit 25",
        "SELECT o.indicator AS code, o.area, o.period, o.value FROM observations o\n"
        "ORDER BY o.value DESC NULLS LAST, o.indicator, o.area, o.period LIMIT 25",
        'result = (o.sort(["value", "indicator", "area", "period"], descending=[True, False, False, False], nulls_last=True)\n'
        '          .head(25).select(pl.col("indicator").alias("code"), "area", "period", "value"))',
        3, ["code", "area", "period", "value"], ordered=0, short="top 25")

    ask("duplicates", "duplicates of indicator, area and period",
        "count by code, area, period having count > 1",
        "SELECT o.indicator AS code, o.area, o.period, count(*) AS count FROM observations o\n"
        "GROUP BY o.indicator, o.area, o.period HAVING count(*) > 1",
        'result = (o.group_by("indicator", "area", "period").agg(pl.len().alias("count"))\n'
        '          .filter(pl.col("count") > 1))',
        3, ["code", "area", "period", "count"], short="duplicates")

    ask("group_per_row", "a group per row, exported",
        "count by code, area, period",
        "SELECT o.indicator AS code, o.area, o.period, count(*) AS count FROM observations o\n"
        "GROUP BY o.indicator, o.area, o.period",
        'result = o.group_by("indicator", "area", "period").agg(pl.len().alias("count"))',
        3, ["code", "area", "period", "count"], export="rows", short="group per row")

    ask("missing_by_area_month", "missing figures by area and month",
        "count by area, period where value is missing",
        "SELECT o.area, o.period, count(*) AS count FROM observations o\n"
        "WHERE o.value IS NULL GROUP BY o.area, o.period",
        'result = o.filter(pl.col("value").is_null()).group_by("area", "period").agg(pl.len().alias("count"))',
        2, ["area", "period", "count"], short="missing by area, month")

    ask("distinct_areas", "distinct areas per indicator",
        "count(distinct area) by code",
        "SELECT o.indicator AS code, count(DISTINCT o.area) AS count FROM observations o GROUP BY o.indicator",
        'result = o.group_by("indicator").agg(pl.col("area").n_unique().alias("count"))',
        1, ["code", "count(distinct area)"], short="distinct areas")

    ask("value_frequencies", "frequencies of values by indicator",
        "count by code, value where value is not missing",
        "SELECT o.indicator AS code, o.value, count(*) AS count FROM observations o\n"
        "WHERE o.value IS NOT NULL GROUP BY o.indicator, o.value",
        'result = o.filter(pl.col("value").is_not_null()).group_by("indicator", "value").agg(pl.len().alias("count"))',
        2, ["code", "value", "count"], number_keys=(1,), short="value frequencies")

    ask("quartiles", "median and quartiles by indicator",
        "median(value), percentile(value, 25), percentile(value, 75) by code",
        "SELECT o.indicator AS code, median(o.value), quantile_cont(o.value, 0.25), quantile_cont(o.value, 0.75)\n"
        "FROM observations o GROUP BY o.indicator",
        value +
        'result = o.group_by("indicator").agg(value.median().alias("median"), value.quantile(0.25, "linear").alias("q1"),\n'
        '                                     value.quantile(0.75, "linear").alias("q3"))',
        1, ["code", "median(value)", "percentile(value,25)", "percentile(value,75)"], short="quartiles")

    ask("p90_by_area", "90th percentile by area",
        "percentile(value, 90) by area",
        "SELECT o.area, quantile_cont(o.value, 0.9) AS p90 FROM observations o GROUP BY o.area",
        'result = o.group_by("area").agg(pl.col("value").quantile(0.9, "linear").alias("p90"))',
        1, ["area", "percentile(value,90)"], short="90th percentile")

    ask("top3_per_code", "top 3 per indicator",
        "show code, area, period, value order by value desc, area, period limit 3 per code",
        "SELECT code, area, period, value FROM (\n"
        "  SELECT o.indicator AS code, o.area, o.period, o.value,\n"
        "         row_number() OVER (PARTITION BY o.indicator ORDER BY o.value DESC NULLS LAST, o.area, o.period) AS n\n"
        "  FROM observations o)\n"
        "WHERE n <= 3 ORDER BY code, n",
        'result = (o.sort(["value", "area", "period"], descending=[True, False, False], nulls_last=True)\n'
        '          .filter(pl.int_range(pl.len()).over("indicator") < 3)\n'
        '          .select(pl.col("indicator").alias("code"), "area", "period", "value"))',
        3, ["code", "area", "period", "value"], ordered=1, short="top 3 per indicator")

    ask("sorted_export", "every row sorted, exported",
        "show code, area, period, value order by value, code, area, period",
        "SELECT o.indicator AS code, o.area, o.period, coalesce(CAST(o.value AS VARCHAR), o.value_symbol) AS value\n"
        "FROM observations o ORDER BY o.value NULLS LAST, o.indicator, o.area, o.period",
        'result = (o.sort(["value", "indicator", "area", "period"], nulls_last=True)\n'
        '          .select(pl.col("indicator").alias("code"), "area", "period", %s))' % text_value,
        3, ["code", "area", "period", "value"], export="sorted", short="every row sorted")

    ask("large_export", "present figures with their counts, exported",
        "show code, area, period, value, numerator, denominator where value is not missing",
        "SELECT o.indicator AS code, o.area, o.period, o.value, o.numerator, o.denominator\n"
        "FROM observations o WHERE o.value IS NOT NULL",
        'result = (o.filter(pl.col("value").is_not_null())\n'
        '          .select(pl.col("indicator").alias("code"), "area", "period", "value", "numerator", "denominator"))',
        3, ["code", "area", "period", "value", "numerator", "denominator"], export="rows", short="large export")

    ask("region_sum", "authorities summed to their region",
        "sum(value) by area_region, period where code = %s and area_type = authority" % p["sum_code"],
        "SELECT a.parent AS area_region, o.period, sum(o.value) AS sum FROM observations o\n"
        "JOIN areas a ON a.name = o.area\n"
        "WHERE o.indicator = %s AND a.type = 'authority' GROUP BY a.parent, o.period" % sql_text(p["sum_code"]),
        'authorities = a.filter(pl.col("type") == "authority").select(pl.col("name").alias("area"), pl.col("parent").alias("region"))\n'
        'result = (o.filter(pl.col("indicator") == %r).join(authorities, on="area")\n'
        '          .group_by("region", "period").agg(%s.alias("sum")))' % (p["sum_code"], SUM_PL % ("value", "value")),
        2, ["area_region", "period", "sum(value)"], short="summed to region")

    ask("name_like", "average of indicators named like a pattern",
        'avg(value) by code where name like "%s"' % p["name_pattern"],
        "SELECT o.indicator AS code, avg(o.value) AS avg FROM observations o\n"
        "JOIN indicators i ON i.code = o.indicator\n"
        "WHERE i.name ILIKE %s GROUP BY o.indicator" % sql_text(p["name_pattern"]),
        'codes = i.filter(pl.col("name").str.contains(%r)).select(pl.col("code").alias("indicator"))\n'
        'result = o.join(codes, on="indicator", how="semi").group_by("indicator").agg(pl.col("value").mean().alias("avg"))'
        % like_pattern(p["name_pattern"]),
        1, ["code", "avg(value)"], short="name like")

    ask("area_like", "count of areas named like a pattern",
        'count by area where area like "%s%%"' % p["area_prefix"],
        "SELECT o.area, count(*) AS count FROM observations o\n"
        "WHERE o.area ILIKE %s GROUP BY o.area" % sql_text(p["area_prefix"] + "%"),
        'result = o.filter(pl.col("area").str.contains(%r)).group_by("area").agg(pl.len().alias("count"))'
        % like_pattern(p["area_prefix"] + "%"),
        1, ["area", "count"], short="area like")

    ask("financial_year", "monthly counts summed by financial year",
        "sum(value) by code, financial_year where unit = count and period_type = M",
        "SELECT code, %s AS financial_year, sum(value) AS sum FROM (\n"
        "  SELECT o.indicator AS code, o.value, %s AS y FROM observations o\n"
        "  JOIN indicators i ON i.code = o.indicator WHERE i.unit = 'count' AND i.period_type = 'M')\n"
        "GROUP BY ALL" % (YEAR_LABEL_SQL % "", YEAR_SQL % 4),
        YEAR_PL % (4, "") +
        'codes = i.filter((pl.col("unit") == "count") & (pl.col("period_type") == "M")).select(pl.col("code").alias("indicator"))\n'
        'result = (o.join(codes, on="indicator", how="semi").group_by("indicator", year.alias("financial_year"))\n'
        '          .agg(%s.alias("sum")))' % (SUM_PL % ("value", "value")),
        2, ["code", "financial_year", "sum(value)"], short="by financial year")

    ask("academic_year", "one indicator's average by academic year",
        "avg(value) by academic_year where code = %s" % p["year_code"],
        "SELECT %s AS academic_year, avg(value) AS avg FROM (\n"
        "  SELECT o.value, %s AS y FROM observations o WHERE o.indicator = %s)\n"
        "GROUP BY ALL" % (YEAR_LABEL_SQL % "'AY ' || ", YEAR_SQL % 9, sql_text(p["year_code"])),
        YEAR_PL % (9, "AY ") +
        'result = (o.filter(pl.col("indicator") == %r).group_by(year.alias("academic_year"))\n'
        '          .agg(pl.col("value").mean().alias("avg")))' % p["year_code"],
        1, ["academic_year", "avg(value)"], short="by academic year")

    ask("stddev", "standard deviation by indicator and area",
        "stddev(value) by code, area",
        "SELECT o.indicator AS code, o.area, stddev_samp(o.value) AS stddev FROM observations o\n"
        "GROUP BY o.indicator, o.area",
        'result = o.group_by("indicator", "area").agg(pl.col("value").std(ddof=1).alias("stddev"))',
        2, ["code", "area", "stddev(value)"], short="stddev")

    ask("measures_by_code_area", "avg, min, max, count by indicator and area",
        "avg(value), min(value), max(value), count(value) by code, area",
        "SELECT o.indicator AS code, o.area, avg(o.value), min(o.value), max(o.value), count(o.value)\n"
        "FROM observations o GROUP BY o.indicator, o.area",
        value +
        'result = o.group_by("indicator", "area").agg(value.mean().alias("avg"), value.min().alias("min"),\n'
        '                                             value.max().alias("max"), value.count().alias("count"))',
        2, ["code", "area", "avg(value)", "min(value)", "max(value)", "count(value)"], short="measures by indicator, area")

    ask("against_target", "figures at or above target by indicator",
        "count by code where value >= target",
        "SELECT o.indicator AS code, count(*) AS count FROM observations o\n"
        "WHERE o.value >= o.target GROUP BY o.indicator",
        'result = o.filter(pl.col("value") >= pl.col("target")).group_by("indicator").agg(pl.len().alias("count"))',
        1, ["code", "count"], short="against target")

    ask("top_one_code", "one indicator's top 10",
        "show area, period, value where code = %s order by value desc, area, period limit 10" % p["top_code"],
        "SELECT o.area, o.period, o.value FROM observations o WHERE o.indicator = %s\n"
        "ORDER BY o.value DESC NULLS LAST, o.area, o.period LIMIT 10" % sql_text(p["top_code"]),
        'result = (o.filter(pl.col("indicator") == %r)\n'
        '          .sort(["value", "area", "period"], descending=[True, False, False], nulls_last=True)\n'
        '          .head(10).select("area", "period", "value"))' % p["top_code"],
        2, ["area", "period", "value"], ordered=0, short="one indicator's top 10")

    ask("having_avg", "areas whose average is above a level",
        "avg(value) by area where code = %s having avg(value) > %g" % (p["having_code"], p["having_threshold"]),
        "SELECT o.area, avg(o.value) AS avg FROM observations o WHERE o.indicator = %s\n"
        "GROUP BY o.area HAVING avg(o.value) > %g" % (sql_text(p["having_code"]), p["having_threshold"]),
        'result = (o.filter(pl.col("indicator") == %r).group_by("area").agg(pl.col("value").mean().alias("avg"))\n'
        '          .filter(pl.col("avg") > %g))' % (p["having_code"], p["having_threshold"]),
        1, ["area", "avg(value)"], short="having")

    ask("distinct_periods", "distinct months per area",
        "count(distinct period) by area",
        "SELECT o.area, count(DISTINCT o.period) AS count FROM observations o GROUP BY o.area",
        'result = o.group_by("area").agg(pl.col("period").n_unique().alias("count"))',
        1, ["area", "count(distinct period)"], short="distinct months")

    ask("missing_overall", "missing figures overall",
        "count where value is missing",
        "SELECT count(*) AS count FROM observations o WHERE o.value IS NULL",
        'result = o.filter(pl.col("value").is_null()).select(pl.len().alias("count"))',
        0, ["count"], short="missing")

    ask("max_by_month", "maximum by month",
        "max(value) by period",
        "SELECT o.period, max(o.value) AS max FROM observations o GROUP BY o.period",
        'result = o.group_by("period").agg(pl.col("value").max().alias("max"))',
        1, ["period", "max(value)"], short="maximum by month")

    ask("avg_by_code_month", "every indicator's average by month",
        "avg(value) by code, period",
        "SELECT o.indicator AS code, o.period, avg(o.value) AS avg FROM observations o GROUP BY o.indicator, o.period",
        'result = o.group_by("indicator", "period").agg(pl.col("value").mean().alias("avg"))',
        2, ["code", "period", "avg(value)"], short="by indicator and month")

    ask("latest_authorities", "every authority's figures in the latest month",
        "show code, area, value where area_type = authority and period = %s" % p["latest_period"],
        "SELECT o.indicator AS code, o.area, coalesce(CAST(o.value AS VARCHAR), o.value_symbol) AS value\n"
        "FROM observations o JOIN areas a ON a.name = o.area\n"
        "WHERE a.type = 'authority' AND o.period = %s" % sql_text(p["latest_period"]),
        'authorities = a.filter(pl.col("type") == "authority").select(pl.col("name").alias("area"))\n'
        'result = (o.filter(pl.col("period") == %r).join(authorities, on="area", how="semi")\n'
        '          .select(pl.col("indicator").alias("code"), "area", %s))' % (p["latest_period"], text_value),
        2, ["code", "area", "value"], short="latest month, authorities")

    ask("value_range", "figures within a range by indicator",
        "count by code where value between %g and %g" % p["value_range"],
        "SELECT o.indicator AS code, count(*) AS count FROM observations o\n"
        "WHERE o.value BETWEEN %g AND %g GROUP BY o.indicator" % p["value_range"],
        'result = o.filter(pl.col("value").is_between(%g, %g)).group_by("indicator").agg(pl.len().alias("count"))'
        % p["value_range"],
        1, ["code", "count"], short="value range")

    ask("counts_by_area", "numerators and denominators of percentages summed by area",
        "sum(numerator), sum(denominator) by area where unit = percent",
        "SELECT o.area, sum(o.numerator) AS numerator, sum(o.denominator) AS denominator FROM observations o\n"
        "JOIN indicators i ON i.code = o.indicator WHERE i.unit = 'percent' GROUP BY o.area",
        'codes = i.filter(pl.col("unit") == "percent").select(pl.col("code").alias("indicator"))\n'
        'result = (o.join(codes, on="indicator", how="semi").group_by("area")\n'
        '          .agg(%s.alias("numerator"),\n'
        '               %s.alias("denominator")))' % (SUM_PL % ("numerator", "numerator"), SUM_PL % ("denominator", "denominator")),
        1, ["area", "sum(numerator)", "sum(denominator)"], short="counts by area")

    ask("theme_by_month", "percentages' average by theme and month",
        "avg(value) by theme, period where unit = percent",
        "SELECT i.theme, o.period, avg(o.value) AS avg FROM observations o\n"
        "JOIN indicators i ON i.code = o.indicator WHERE i.unit = 'percent' GROUP BY i.theme, o.period",
        'themes = i.filter(pl.col("unit") == "percent").select(pl.col("code").alias("indicator"), "theme")\n'
        'result = o.join(themes, on="indicator").group_by("theme", "period").agg(pl.col("value").mean().alias("avg"))',
        2, ["theme", "period", "avg(value)"], short="by theme and month")
    return out
