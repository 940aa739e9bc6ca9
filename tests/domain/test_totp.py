"""TOTP (RFC 6238) and recovery codes: the RFC vectors, the drift window, one use per step."""

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.totp import (
    RECOVERY_ALPHABET,
    STEP_SECONDS,
    b32_decode,
    b32_secret,
    hotp,
    matching_step,
    normalise_recovery_code,
    otpauth_uri,
    recovery_code,
    step_of,
    totp,
)

RFC_KEY = b"12345678901234567890"


def test_hotp_matches_rfc_4226_appendix_d():
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    assert [hotp(RFC_KEY, c) for c in range(10)] == expected


def test_totp_matches_rfc_6238_appendix_b_sha1():
    vectors = {59: "94287082", 1111111109: "07081804", 1111111111: "14050471", 1234567890: "89005924",
               2000000000: "69279037", 20000000000: "65353130"}
    assert {t: totp(RFC_KEY, t, digits=8) for t in vectors} == vectors


keys = st.binary(min_size=10, max_size=32)
times = st.integers(min_value=STEP_SECONDS * 2, max_value=2**34)


@given(keys, times)
def test_the_current_code_matches_its_own_step(key, t):
    assert matching_step(key, totp(key, t), t) == step_of(t)


@given(keys, times, st.sampled_from([-1, 1]))
def test_a_neighbouring_steps_code_is_accepted_for_clock_drift(key, t, offset):
    code = totp(key, t + offset * STEP_SECONDS)
    assert matching_step(key, code, t) is not None


@given(keys, times)
def test_a_code_two_steps_away_is_refused_unless_it_collides(key, t):
    code = totp(key, t - 2 * STEP_SECONDS)
    near = {totp(key, t + d * STEP_SECONDS) for d in (-1, 0, 1)}
    assert (matching_step(key, code, t) is None) == (code not in near)


@given(keys, times)
def test_a_used_step_is_not_accepted_again(key, t):
    code = totp(key, t)
    step = matching_step(key, code, t)
    assert matching_step(key, code, t, after_step=step) is None
    assert matching_step(key, code, t + STEP_SECONDS, after_step=step) is None  # still inside the window


@given(keys, times, st.text(max_size=12))
def test_garbage_never_matches_unless_it_is_the_code(key, t, typed):
    result = matching_step(key, typed, t)
    assert result is None or "".join(typed.split()) in {totp(key, t + d * STEP_SECONDS) for d in (-1, 0, 1)}


def test_spaces_in_a_typed_code_are_ignored():
    code = totp(RFC_KEY, 1_000_000)
    assert matching_step(RFC_KEY, f" {code[:3]} {code[3:]} ", 1_000_000) == step_of(1_000_000)


@given(st.binary(min_size=1, max_size=40))
def test_base32_secret_round_trips(raw):
    assert b32_decode(b32_secret(raw)) == raw
    assert b32_decode(b32_secret(raw).lower()) == raw


def test_otpauth_uri_names_issuer_account_and_secret():
    uri = otpauth_uri("JBSWY3DPEHPK3PXP", account="prov-security-admin", issuer="安监")
    assert uri.startswith("otpauth://totp/%E5%AE%89%E7%9B%91%3Aprov-security-admin?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=%E5%AE%89%E7%9B%91" in uri
    assert "digits=6" in uri and "period=30" in uri


@given(st.binary(min_size=10, max_size=10))
def test_recovery_codes_have_one_shape_and_normalise_back(raw):
    code = recovery_code(raw)
    assert len(code) == 11 and code[5] == "-"
    assert all(ch in RECOVERY_ALPHABET for ch in code.replace("-", ""))
    assert normalise_recovery_code(code.upper().replace("-", " ")) == code.replace("-", "")


def test_recovery_code_shapes_that_are_refused():
    assert normalise_recovery_code("123456") is None
    assert normalise_recovery_code("abcde-fghi1") is None  # 1 is not in the alphabet
    assert normalise_recovery_code("abcde-fghijk") is None
