import pytest

from billing.money import format_amount, to_major_units


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (123456, "usd", "$1,234.56"),
        (5, "USD", "$0.05"),
        (9900, "eur", "€99.00"),
        (1000, "jpy", "¥1,000"),
        (1234567, "jpy", "¥1,234,567"),
        (-2500, "usd", "-$25.00"),
        (1000, "chf", "10.00 CHF"),
        (1000, "kwd", "1.000 KWD"),
        (0, "eur", "€0.00"),
    ],
)
def test_format_amount_by_currency(amount, currency, expected):
    assert format_amount(amount, currency) == expected


def test_format_amount_of_none_is_blank():
    assert format_amount(None, "usd") == ""


def test_jpy_is_not_divided():
    assert to_major_units(1000, "jpy") == 1000
    assert to_major_units(1000, "usd") == 10
