import math

import pytest

from apikeys import tokens


def test_build_key_has_prefix_public_id_and_checksum():
    value = tokens.build_key("sandbox", "AbCdEfGhIjKl")

    parsed = tokens.parse_key(value)

    assert value.startswith("nectar_sandbox_AbCdEfGhIjKl_")
    assert parsed.environment == "sandbox"
    assert parsed.public_id == "AbCdEfGhIjKl"


def test_secret_has_at_least_160_bits():
    bits = tokens.SECRET_LENGTH * math.log2(len(tokens.ALPHABET))

    assert bits >= 160


def test_build_key_gives_a_new_secret_each_time():
    first = tokens.build_key("production", "AbCdEfGhIjKl")
    second = tokens.build_key("production", "AbCdEfGhIjKl")

    assert first != second


def test_parse_key_rejects_a_changed_character():
    value = tokens.build_key("production", tokens.new_public_id())
    position = len("nectar_production_") + 20
    changed = "A" if value[position] != "A" else "B"
    typo = value[:position] + changed + value[position + 1 :]

    with pytest.raises(tokens.ChecksumMismatch):
        tokens.parse_key(typo)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not-a-key",
        "nectar_staging_AbCdEfGhIjKl_" + "a" * 38,
        "nectar_sandbox_AbCdEfGhIjK_" + "a" * 38,
        "nectar_sandbox_AbCdEfGhIjKl_" + "a" * 37,
        "sk_live_" + "a" * 40,
    ],
)
def test_parse_key_rejects_malformed_values(value):
    with pytest.raises(tokens.MalformedKey):
        tokens.parse_key(value)


def test_hash_key_is_hmac_sha256_hex(settings):
    settings.API_KEY_HASH_KEY = "first"
    value = tokens.build_key("sandbox", tokens.new_public_id())
    first = tokens.hash_key(value)
    settings.API_KEY_HASH_KEY = "second"

    assert len(first) == 64
    assert tokens.hash_key(value) != first
    assert not tokens.key_matches(value, first)
