"""Chinese and Arabic numerals as laws and lists write them (第四十五条, 第45条, 一百零二).

>>> chinese_number("四十五"), cn_numeral(102)
(45, '一百零二')
"""

from __future__ import annotations

from functools import lru_cache

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
NUMERAL = r"[0-9０-９零〇○一二两三四五六七八九十百千]+"


def cn_numeral(n: int) -> str:
    """The inverse of :func:`chinese_number` as laws and Word write numbers: 45 -> 四十五, 102 -> 一百零二.

    >>> [cn_numeral(n) for n in (1, 10, 11, 20, 45, 101, 110)]
    ['一', '十', '十一', '二十', '四十五', '一百零一', '一百一十']
    """
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = digits[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + digits[rest]
        return head + digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")
    return str(n)


@lru_cache(maxsize=4096)
def chinese_number(s: str) -> int | None:
    """The value of a Chinese or Arabic numeral, None when ``s`` is not one.

    >>> chinese_number("四十五"), chinese_number("一百零二"), chinese_number("12"), chinese_number("十")
    (45, 102, 12, 10)
    """
    s = s.strip().translate(_FULLWIDTH)
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if all(ch in _DIGITS for ch in s) and len(s) > 1:  # "二〇二四" style: digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total, digit, last_unit = 0, None, 10_000
    for ch in s:
        if ch in "零〇○" and digit is None:  # a placeholder zero: 一百零二
            continue
        if ch in _DIGITS:
            if digit is not None:  # two digits in a row ("一二") is not a numeral here
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit is not None:
        total += digit
    return total
