"""Format Stripe amounts, which are integers in the currency's minor unit."""

from decimal import Decimal

# Currencies whose Stripe amounts carry no minor unit (docs.stripe.com/currencies):
# 1000 JPY is sent as 1000, not 100000.
ZERO_DECIMAL_CURRENCIES = frozenset(
    [
        "bif",
        "clp",
        "djf",
        "gnf",
        "jpy",
        "kmf",
        "krw",
        "mga",
        "pyg",
        "rwf",
        "ugx",
        "vnd",
        "vuv",
        "xaf",
        "xof",
        "xpf",
    ]
)
THREE_DECIMAL_CURRENCIES = frozenset(["bhd", "jod", "kwd", "omr", "tnd"])
SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cad": "CA$", "aud": "A$"}


def decimal_places(currency: str) -> int:
    currency = currency.lower()
    if currency in ZERO_DECIMAL_CURRENCIES:
        return 0
    if currency in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


def to_major_units(amount: int, currency: str) -> Decimal:
    places = decimal_places(currency)
    return Decimal(amount).scaleb(-places)


def format_amount(amount: int | None, currency: str) -> str:
    """Format `amount` (minor units) as "$1,234.56", "¥1,235" or "1,234.56 CHF"."""
    if amount is None:
        return ""
    currency = (currency or "usd").lower()
    places = decimal_places(currency)
    number = f"{abs(to_major_units(amount, currency)):,.{places}f}"
    sign = "-" if amount < 0 else ""
    symbol = SYMBOLS.get(currency)
    if symbol:
        return f"{sign}{symbol}{number}"
    return f"{sign}{number} {currency.upper()}"
