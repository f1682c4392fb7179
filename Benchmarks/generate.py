#!/usr/bin/env python3
"""Synthetic indicator history in scry's dataset format, at any size.

    python3 generate.py --rows 10000000 --out .data/rows-10000000

writes indicators.csv, areas.csv and observations.csv into the folder (the folder's name
is the dataset's name). The same arguments always give byte-identical files: every
random draw comes from one seeded random.Random, taken in a fixed order.

Shape: England, the nine regions, up to 150 authorities (each in a region) and as many
districts (each in an authority) as the size needs; indicators cycled from a list of
realistic ones (polarity, period type, unit, decimals, target, floor); one figure a
month from April of the first year to March 2025. Percentages and rates carry the
numerator and denominator they are computed from. A small share of figures is a
suppression symbol (c, x, low, blank). England's figures lag: its series starts a month
late, ends two months early and has a few gaps, so a comparison with England is an
as-of match, not an equality.
"""

import argparse
import math
import os
import random
import sys
import time

LAST_MONTH = 2025 * 12 + 2  # March 2025, as months since January of year 0

# code, name, theme, polarity, period type, unit, decimals, kind, base, spread, target, floor
# kind: pct (numerator / denominator × 100), rate (numerator / population × 10,000),
# ratio (numerator / denominator: an average with its counts), count, measure (no counts).
TEMPLATES = [
    ("REREF", "Re-referrals within 12 months of a previous referral", "Referrals", "L", "R12M", "percent", 1, "pct", 22.0, 5.0, 20, 25),
    ("ASSESS_45", "Assessments completed within 45 working days", "Assessments", "H", "YTD", "percent", 1, "pct", 84.0, 7.0, 90, 80),
    ("CPP_RATE", "Children subject to a child protection plan per 10,000 under 18", "Child protection", "T", "SS", "per10000", 1, "rate", 42.0, 12.0, 40, None),
    ("CL_EET", "Care leavers aged 19 to 21 in education, employment or training", "Care leavers", "H", "SS", "percent", 1, "pct", 55.0, 8.0, 60, 50),
    ("REF_RATE", "Referrals per 10,000 under 18 in the month", "Referrals", "", "M", "per10000", 1, "rate", 45.0, 12.0, None, None),
    ("CIC_COUNT", "Number of children in care", "Children in care", "", "SS", "count", 0, "count", 70.0, 20.0, None, None),
    ("CPP_SECOND", "Child protection plans starting that were a second or subsequent plan", "Child protection", "L", "YTD", "percent", 1, "pct", 22.0, 6.0, 18, None),
    ("CIC_RATE", "Children in care per 10,000 under 18", "Children in care", "T", "SS", "per10000", 1, "rate", 70.0, 18.0, 65, None),
    ("ICPC_15", "Initial child protection conferences within 15 working days of the strategy discussion", "Child protection", "H", "YTD", "percent", 1, "pct", 78.0, 9.0, 85, 70),
    ("CIC_PLACE3", "Children in care with three or more placements in the last 12 months", "Children in care", "L", "R12M", "percent", 1, "pct", 10.0, 3.0, 9, 12),
    ("CL_ACC", "Care leavers aged 19 to 21 in suitable accommodation", "Care leavers", "H", "SS", "percent", 1, "pct", 88.0, 5.0, 90, None),
    ("ADOPT_DAYS", "Average days between entering care and moving in with an adoptive family", "Adoption", "L", "R12M", "days", 0, "measure", 480.0, 90.0, 426, None),
    ("CASELOAD", "Average caseload per qualified social worker", "Workforce", "L", "SS", "average", 1, "ratio", 16.0, 3.0, 15, 20),
    ("AGENCY_SW", "Agency social workers", "Workforce", "L", "SS", "percent", 1, "pct", 17.0, 7.0, 10, None),
    ("CP_REVIEWS", "Child protection reviews held within timescales", "Child protection", "H", "YTD", "percent", 1, "pct", 92.0, 4.0, 95, 90),
    ("CIC_VISITS", "Children in care visited within timescales", "Children in care", "H", "M", "percent", 1, "pct", 87.0, 6.0, 95, 85),
    ("REFERRALS", "Number of referrals in the month", "Referrals", "", "M", "count", 0, "count", 45.0, 12.0, None, None),
    ("CP_PLANS", "Number of children with a child protection plan", "Child protection", "", "SS", "count", 0, "count", 42.0, 12.0, None, None),
    ("CIN_RATE", "Children in need per 10,000 under 18", "Children in need", "", "SS", "per10000", 1, "rate", 330.0, 60.0, None, None),
    ("EH_DAYS", "Average days from request to the start of early help", "Early help", "L", "M", "days", 0, "measure", 21.0, 6.0, 20, None),
    ("UASC", "Number of unaccompanied asylum-seeking children in care", "Children in care", "", "SS", "count", 0, "count", 6.0, 3.0, None, None),
    ("CIC_STABLE", "Children in care for 2.5 years or more in the same placement for 2 years", "Children in care", "H", "SS", "percent", 1, "pct", 68.0, 7.0, 70, None),
    ("CL_TOUCH", "Care leavers in touch with the authority", "Care leavers", "H", "SS", "percent", 1, "pct", 93.0, 4.0, 95, None),
    ("HEALTH_ASSESS", "Children in care with an up-to-date health assessment", "Children in care", "H", "YTD", "percent", 1, "pct", 89.0, 6.0, 90, 80),
    ("SCHOOL_ATTEND", "Children in care attending school regularly", "Education", "H", "ACYTD", "percent", 1, "pct", 86.0, 5.0, 90, None),
    ("MISSING_EP", "Episodes of children missing from home or care in the month", "Children in care", "", "M", "count", 0, "count", 30.0, 12.0, None, None),
    ("CIN_WEEKS", "Average weeks a child in need case is open", "Children in need", "L", "SS", "weeks", 1, "measure", 38.0, 9.0, None, None),
    ("SW_VACANCY", "Social worker vacancy rate", "Workforce", "L", "SS", "percent", 1, "pct", 15.0, 6.0, 12, None),
    ("ASSESS_DAYS", "Average working days to complete an assessment", "Assessments", "L", "M", "days", 1, "measure", 31.0, 7.0, 35, None),
    ("CPP_2YEARS", "Child protection plans ending that had lasted two years or more", "Child protection", "L", "YTD", "percent", 1, "pct", 3.5, 1.5, 4, None),
    ("CIN_PLAN_RATE", "Children on a child in need plan per 10,000 under 18", "Children in need", "", "SS", "per10000", 2, "rate", 105.0, 25.0, None, None),
    ("FOSTER_PCT", "Children in care placed with foster carers", "Children in care", "H", "SS", "percent", 1, "pct", 71.0, 6.0, 75, None),
]

REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West"]

NAME_STARTS = ["Ash", "Bel", "Black", "Brad", "Brook", "Cal", "Chel", "Clay", "Cold", "Dun", "Elm", "Fair",
               "Fern", "Glen", "Green", "Hart", "Hazel", "High", "Holm", "Kings", "Lang", "Lark", "Mar",
               "Mill", "Oak", "Red", "Rose", "Stan", "Stone", "Thorn", "Whit", "Wood", "Wor", "Ayles", "Bram"]
# Invented place names; no ending that makes a given name (-ley, -ton).
NAME_ENDS = ["bury", "field", "ford", "ham", "mouth", "wick", "worth", "gate", "borough", "stead", "minster",
             "bridge", "dale"]
DISTRICT_PARTS = ["North", "South", "East", "West", "Central", "North East", "North West", "South East",
                  "South West", "Coast", "Vale", "Rural"]

DEFAULT_SEED = 20250331
SYMBOLS_SHARE = 0.015  # share of local figures that are a suppression symbol


def csv_field(text):
    """A CSV field, quoted when it holds a comma, a quote or a line break."""
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def month_label(index):
    return "%04d-%02d" % (index // 12, index % 12 + 1)


def shape(rows):
    """Months, indicators and areas for about `rows` observations (a little more: the
    writer stops at exactly `rows`)."""
    months = min(120, max(12, rows // 2000))
    indicators = max(4, min(len(TEMPLATES) * 20, round(math.sqrt(rows / months) / 2)))
    areas = max(12, math.ceil(rows / (indicators * months)) + 1)  # one more for England's gaps
    return months, indicators, areas


def make_indicators(count):
    indicators = []
    for number in range(count):
        template = TEMPLATES[number % len(TEMPLATES)]
        round_number = number // len(TEMPLATES)
        code, name = template[0], template[1]
        if round_number:
            code = "%s_%d" % (code, round_number + 1)
            name = "%s (series %d)" % (name, round_number + 1)
        indicators.append((code, name) + template[2:])
    return indicators


def make_areas(count, rng):
    """England, regions, authorities, districts: (name, type, parent, code, population)."""
    authorities = max(1, min(150, count - 10))
    districts = max(0, count - 10 - authorities)
    names = [start + end for start in NAME_STARTS for end in NAME_ENDS]
    rng.shuffle(names)
    authority_names = names[:authorities]
    if authorities > 3:
        authority_names[3] = authority_names[3] + ", City of"  # a name that needs CSV quotes
    if authorities > 7:
        authority_names[7] = "North " + authority_names[7]

    authority_rows = []
    region_population = [0] * len(REGIONS)
    for number, name in enumerate(authority_names):
        region = number % len(REGIONS) if number < len(REGIONS) else rng.randrange(len(REGIONS))
        population = rng.randint(8000, 160000)
        region_population[region] += population
        authority_rows.append([name, "authority", REGIONS[region], "%d" % (800 + number), population])

    district_rows = []
    for number in range(districts):
        parent = authority_rows[number % authorities]
        round_number = number // authorities
        part = DISTRICT_PARTS[round_number] if round_number < len(DISTRICT_PARTS) else "District %d" % (round_number + 1)
        population = max(800, int(parent[4] / (2 + districts / authorities) * rng.uniform(0.6, 1.4)))
        district_rows.append([parent[0] + " " + part, "district", parent[0], "D%05d" % (number + 1), population])

    region_rows = [[name, "region", "England", "E120000%02d" % (number + 1), max(region_population[number], 50000)]
                   for number, name in enumerate(REGIONS)]
    england = [["England", "national", "", "E92000001", sum(row[4] for row in region_rows)]]
    return england + region_rows + authority_rows + district_rows


def write_small_tables(folder, indicators, areas):
    with open(os.path.join(folder, "indicators.csv"), "w", newline="") as out:
        out.write("code,name,theme,polarity,period_type,unit,decimals\n")
        for code, name, theme, polarity, period_type, unit, decimals, *_ in indicators:
            out.write(",".join([code, csv_field(name), csv_field(theme), polarity, period_type, unit, str(decimals)]) + "\n")
    with open(os.path.join(folder, "areas.csv"), "w", newline="") as out:
        out.write("name,type,parent,code,population,population_period\n")
        for name, kind, parent, code, population in areas:
            out.write(",".join([csv_field(name), kind, csv_field(parent), code, str(population), "2019"]) + "\n")


def generate(rows, folder, seed=None):
    """Writes the dataset; returns (rows written, months, indicators, areas). A file
    `.complete` in the folder says the writing finished."""
    seed = DEFAULT_SEED if seed is None else seed
    rng = random.Random(seed)
    months, indicator_count, area_count = shape(rows)
    indicators = make_indicators(indicator_count)
    areas = make_areas(area_count, rng)
    os.makedirs(folder, exist_ok=True)
    complete = os.path.join(folder, ".complete")
    if os.path.exists(complete):
        os.remove(complete)
    write_small_tables(folder, indicators, areas)

    first_month = LAST_MONTH - months + 1
    periods = [month_label(first_month + m) for m in range(months)]
    # Financial year of each month (0 for the first), for targets that step each April.
    year_of = [((first_month + m) - 3) // 12 - (first_month - 3) // 12 for m in range(months)]
    # Seasonal factor for flows (more referrals in autumn, fewer in August and December).
    season = [1.0 + 0.08 * math.sin(2 * math.pi * ((first_month + m) % 12 - 2) / 12) for m in range(months)]

    # Draws shared by every series; each series reads them from its own offset, so a
    # figure costs arithmetic and formatting, not random calls.
    pool_size = 1 << 16
    noise = [rng.gauss(0.0, 1.0) for _ in range(pool_size)]
    symbol_pool = []
    for _ in range(pool_size):
        draw = rng.random()
        if draw < SYMBOLS_SHARE * 0.4:
            symbol_pool.append("c")
        elif draw < SYMBOLS_SHARE * 0.65:
            symbol_pool.append("x")
        elif draw < SYMBOLS_SHARE * 0.85:
            symbol_pool.append("")
        elif draw < SYMBOLS_SHARE:
            symbol_pool.append("low")
        else:
            symbol_pool.append(None)
    england_gaps = [rng.random() < 0.05 for _ in range(pool_size)]
    area_fields = [csv_field(area[0]) for area in areas]
    area_offsets = [rng.gauss(0.0, 1.0) for _ in areas]

    written = 0
    with open(os.path.join(folder, "observations.csv"), "w", newline="", buffering=1 << 22) as out:
        out.write("indicator,area,period,value,numerator,denominator,target,floor\n")
        for indicator_number, (code, _name, _theme, polarity, _ptype, unit, decimals, kind, base, spread, target, floor) \
                in enumerate(indicators):
            if written >= rows:
                break
            value_format = "%%.%df" % decimals
            indicator_trend = rng.uniform(-0.3, 0.3) * spread / months  # drift over the whole history
            local_tails = []
            for m in range(months):
                step = year_of[m] * (0.5 if polarity == "H" else -0.5 if polarity == "L" else 0)
                tail = "," + ("" if target is None else value_format % (target + step if unit != "count" else target))
                tail += "," + ("" if floor is None else value_format % floor) + "\n"
                local_tails.append(tail)
            blank_tail = ",,\n"

            for area_number, (area_name, area_type, _parent, _code, population) in enumerate(areas):
                remaining = rows - written
                if remaining <= 0:
                    break
                is_local = area_type in ("authority", "district")
                tails = local_tails if is_local else [blank_tail] * months
                prefix = code + "," + area_fields[area_number] + ","
                offset = (indicator_number * 7919 + area_number * 104729 + seed) % (pool_size - months)
                symbol_offset = (indicator_number * 3571 + area_number * 65537 + seed * 31) % (pool_size - months)
                # A national or regional figure varies less than a local one.
                wobble = spread * (0.15 if area_type == "national" else 0.3 if area_type == "region" else 0.6)
                level = base + spread * area_offsets[area_number] * (0.1 if not is_local else 0.8)
                scale = population / 10000.0

                lines = []
                for m in range(months):
                    if area_type == "national":
                        # England lags: no figure for the first month or the last two, and a few gaps.
                        if m == 0 or m >= months - 2 or england_gaps[(offset + m * 13) % pool_size]:
                            continue
                    center = level + indicator_trend * m + wobble * noise[offset + m]
                    symbol = symbol_pool[symbol_offset + m] if area_type != "national" else None
                    if kind == "pct":
                        share = min(99.5, max(0.5, center))
                        denominator = max(3, int(scale * 9 * season[m] * (1.0 + 0.1 * noise[offset + m + 1])))
                        numerator = int(denominator * share / 100.0 + 0.5)
                        value = value_format % (numerator * 100.0 / denominator)
                        top, bottom = str(numerator), str(denominator)
                    elif kind == "rate":
                        rate = max(0.5, center * (season[m] if _ptype == "M" else 1.0))
                        numerator = int(rate * scale + 0.5)
                        value = value_format % (numerator * 10000.0 / population)
                        top, bottom = str(numerator), str(population)
                    elif kind == "ratio":
                        staff = max(1.0, round(scale * 2.5 * (1.0 + 0.05 * noise[offset + m + 1]), 1))
                        cases = int(max(1.0, center) * staff + 0.5)
                        value = value_format % (cases / staff)
                        top, bottom = str(cases), "%.1f" % staff
                    elif kind == "count":
                        figure = max(0.0, center * scale * (season[m] if _ptype == "M" else 1.0))
                        value = "%d" % int(figure + 0.5)
                        top = bottom = ""
                    else:
                        value = value_format % max(0.0, center)
                        top = bottom = ""
                    if symbol is not None:
                        if symbol == "c":
                            value, top = "c", ("c" if top else "")
                        elif symbol == "low":
                            value = "low"
                        else:
                            value, top, bottom = symbol, "", ""
                    lines.append(prefix + periods[m] + "," + value + "," + top + "," + bottom + tails[m])
                if len(lines) > remaining:
                    del lines[remaining:]
                out.write("".join(lines))
                written += len(lines)
    open(complete, "w").close()
    return written, months, indicator_count, len(areas)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="observations to write")
    parser.add_argument("--out", help="dataset folder to write (default: .data/rows-N beside this script)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %d)" % DEFAULT_SEED)
    arguments = parser.parse_args()
    if arguments.rows < 1:
        parser.error("--rows must be at least 1")
    folder = arguments.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".data", "rows-%d" % arguments.rows)
    started = time.monotonic()
    written, months, indicators, areas = generate(arguments.rows, folder, arguments.seed)
    elapsed = time.monotonic() - started
    print("%d rows written to %s (%d indicators, %d areas, %d months) in %.1f s"
          % (written, folder, indicators, areas, months, elapsed))
    if written < arguments.rows:
        print("warning: the shape gave only %d of the %d rows asked for" % (written, arguments.rows), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
