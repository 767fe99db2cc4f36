import pytest
from django.core.exceptions import ValidationError

from branding.validators import (
    clean_brand_color,
    clean_company_name,
    clean_logo_url,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#1D4ED8", "#1D4ED8"),
        ("#1d4ed8", "#1D4ED8"),
        ("#fa0", "#FFAA00"),
        ("#FA0", "#FFAA00"),
        ("  #abcdef  ", "#ABCDEF"),
        ("#000", "#000000"),
    ],
)
def test_brand_color_accepts_and_normalises(value, expected):
    assert clean_brand_color(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "1D4ED8",  # missing #
        "#1D4ED",  # 5 digits
        "#1D4ED8A",  # 7 digits
        "#1D4ED8AAA",  # 9 digits
        "#1D4ED8AA",  # 8 digits, with alpha
        "#GGGGGG",
        "red",
        "rgb(0, 0, 0)",
        "#",
        "",
        "# 1D4ED8",
        '#1D4ED8"',
        "#１２３",  # full-width digits
    ],
)
def test_brand_color_rejects(value):
    with pytest.raises(ValidationError) as error:
        clean_brand_color(value)

    assert "is not a hex color" in error.value.messages[0]


def test_brand_color_error_names_the_value():
    with pytest.raises(ValidationError) as error:
        clean_brand_color("red")

    assert "“red”" in error.value.messages[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://cdn.example.com/logo.png", "https://cdn.example.com/logo.png"),
        ("HTTPS://CDN.Example.com/Logo.png", "https://cdn.example.com/Logo.png"),
        ("  https://cdn.example.com/a.svg  ", "https://cdn.example.com/a.svg"),
        (
            "https://cdn.example.com:8443/a.png?v=2",
            "https://cdn.example.com:8443/a.png?v=2",
        ),
        ("https://cdn.example.com/a%20b.png", "https://cdn.example.com/a%20b.png"),
        ("https://xn--exmple-cua.com/logo.png", "https://xn--exmple-cua.com/logo.png"),
        ("", ""),
    ],
)
def test_logo_url_accepts(value, expected):
    assert clean_logo_url(value) == expected


def test_logo_url_accepts_2048_characters():
    url = "https://cdn.example.com/" + "a" * (2048 - len("https://cdn.example.com/"))

    assert clean_logo_url(url) == url


@pytest.mark.parametrize(
    ("value", "message_part"),
    [
        ("http://cdn.example.com/logo.png", "must start with https://"),
        ("javascript:alert(1)", "must start with https://"),
        ("JavaScript:alert(1)", "must start with https://"),
        ("data:image/png;base64,iVBORw0KGgo=", "must start with https://"),
        ("/static/logo.png", "must start with https://"),
        ("logo.png", "must start with https://"),
        ("//cdn.example.com/logo.png", "must start with https://"),
        ("ftp://cdn.example.com/logo.png", "must start with https://"),
        ("https:/cdn.example.com/logo.png", "must start with https://"),
        ("https://user:secret@cdn.example.com/logo.png", "user name or password"),
        ("https://user@cdn.example.com/logo.png", "user name or password"),
        ("https://cdn.example.com/my logo.png", "not allowed in a URL"),
        ("https://cdn.example.com/logo.png\nX", "not allowed in a URL"),
        ('https://cdn.example.com/logo.png" onerror="alert(1)', "not allowed in a URL"),
        ("https://cdn.example.com/logo.png'", "not allowed in a URL"),
        ("https://cdn.example.com/<script>", "not allowed in a URL"),
        ("https://exämple.com/logo.png", "xn--exmple-cua.com"),
        ("https://аррӏе.com/logo.png", "non-ASCII"),
        ("https://", "no host name"),
        ("https:///logo.png", "no host name"),
        ("https://cdn.example.com:99999/logo.png", "is not a valid URL"),
        ("https://[::1/logo.png", "is not a valid URL"),
        ("https://cdn_example/logo.png", "is not a valid URL"),
    ],
)
def test_logo_url_rejects(value, message_part):
    with pytest.raises(ValidationError) as error:
        clean_logo_url(value)

    assert message_part in error.value.messages[0]


def test_logo_url_rejects_2049_characters():
    url = "https://cdn.example.com/" + "a" * (2049 - len("https://cdn.example.com/"))

    with pytest.raises(ValidationError) as error:
        clean_logo_url(url)

    assert "2,049 characters; use at most 2,048" in error.value.messages[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Acme", "Acme"),
        ("  Acme Energy  ", "Acme Energy"),
        ("A" * 80, "A" * 80),
        ("Énergie Québec", "Énergie Québec"),
        ("東京電力", "東京電力"),
        # An emoji joined with U+200D ZERO WIDTH JOINER stays allowed.
        ("Acme \U0001f469\u200d\U0001f4bb", "Acme \U0001f469\u200d\U0001f4bb"),
    ],
)
def test_company_name_accepts_and_trims(value, expected):
    assert clean_company_name(value) == expected


@pytest.mark.parametrize(
    ("value", "message_part"),
    [
        ("", "Enter the company name"),
        ("   ", "Enter the company name"),
        ("A" * 81, "81 characters; use at most 80"),
        ("Acme\nEnergy", "control characters"),
        ("\u200b\u200b", "no visible characters"),
        ("\u200b \u2060", "no visible characters"),
        ("Acme\u202egnp.exe", "bidirectional text controls"),
        ("Acme\u2067Energy\u2069", "bidirectional text controls"),
    ],
)
def test_company_name_rejects(value, message_part):
    with pytest.raises(ValidationError) as error:
        clean_company_name(value)

    assert message_part in error.value.messages[0]
