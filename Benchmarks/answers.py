"""Answers as {key: values}, read alike from every engine, and how two are compared."""

import re


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


def key_text(cell, number=False):
    """A key cell as text; a number key (`number`) in one spelling whatever the engine
    wrote (`149`, `149.0`, 149.0 all read `149.0`)."""
    if cell is None:
        return ""
    if number:
        try:
            return repr(float(str(cell).replace(",", "").rstrip("%")))
        except ValueError:
            pass
    return str(cell).strip()


def keyed(rows, question):
    """Rows ([key cells…, value cells…]) as a question's answer. Unordered: {key: values},
    number keys spelled alike. Ordered (`question.ordered` is how many leading key columns
    form the groups the order runs within, 0 for one order over all rows): keyed by the
    group and the row's place in it, the whole row as the values, so the same rows in
    another order differ."""
    keys = question.keys
    if question.ordered is None:
        return answer([[key_text(cell, i in question.number_keys) for i, cell in enumerate(row[:keys])] + list(row[keys:])
                       for row in rows], keys)
    result = {}
    places = {}
    for row in rows:
        texts = tuple(key_text(cell, i in question.number_keys) for i, cell in enumerate(row[:keys]))
        group = texts[:question.ordered]
        places[group] = places.get(group, 0) + 1
        result[group + ("#%d" % places[group],)] = texts + tuple(row[keys:])
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
