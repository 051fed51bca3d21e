"""Numbers as Chinese articles write them: Arabic or Chinese numerals, 万 and 亿 amounts."""
from __future__ import annotations

from decimal import Decimal

DIGITS = "零一二三四五六七八九"


def chinese(n: int, *, measure: bool = False) -> str:
    """Chinese numeral for 0 < n < 10000 (10 → 十, 105 → 一百零五); `measure` writes 2 as 两
    (两个, 两天), as Chinese does before a measure word. Raises ValueError outside that range."""
    if not 0 < n < 10000:
        raise ValueError(f"no Chinese numeral for {n}")
    if n == 2 and measure:
        return "两"
    if 10 <= n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    out = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out.append("零")
            out.append(DIGITS[d] + unit)
            zero = False
        else:
            zero = bool(out)
    text = "".join(out)
    if measure and text.startswith("二") and len(text) > 1 and text[1] in "千百":
        text = "两" + text[1:]
    return text


def decimal_text(value: Decimal) -> str:
    """90.2 → "90.2", 90.0 → "90" (as an article writes an amount)."""
    text = format(value.normalize(), "f")
    return text


def money(amount: Decimal, magnitude: str) -> tuple[str, int]:
    """An amount of `magnitude` 亿元 or 万元 → (its text, its value in 元)."""
    scale = {"亿元": 100_000_000, "万元": 10_000, "元": 1}[magnitude]
    return decimal_text(amount) + magnitude, int(amount * scale)
