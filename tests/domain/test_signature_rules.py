"""Signature rules: the bytes checked before decoding, who may refuse, and the device's clock beside the receipt."""

import struct
import zlib
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.signature_rules import (
    BAD_HEADER,
    BAD_SIZE,
    IMAGE_REQUIRED,
    MAX_BYTES,
    MAX_HEIGHT,
    MAX_WIDTH,
    NOT_PNG,
    OFFICER_NOT_ON_TEAM,
    ONLY_PARTY_REFUSES,
    PNG_MAGIC,
    REFUSAL_NEEDS_WITNESS,
    REFUSAL_NO_IMAGE,
    TOO_LARGE,
    clock_flag,
    clock_problem,
    gps_problems,
    image_problem,
    png_header,
    signer_problems,
)

RECEIVED = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int, depth: int = 8, color: int = 6, tail: bytes = b"") -> bytes:
    """A PNG's magic and IHDR as a device would send them (pixels are not needed for the checks before decoding)."""
    return PNG_MAGIC + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)) + tail


@given(st.integers(1, MAX_WIDTH), st.integers(1, MAX_HEIGHT))
def test_a_png_within_2400_by_1200_passes_the_checks_before_decoding(width, height):
    data = png(width, height)
    assert png_header(data).width == width and png_header(data).height == height
    assert image_problem(data) is None


@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_the_declared_size_is_refused_outside_1_to_2400_by_1200(width, height):
    fits = 0 < width <= MAX_WIDTH and 0 < height <= MAX_HEIGHT
    assert (image_problem(png(width, height)) is None) == fits
    if not fits:
        assert image_problem(png(width, height)) == BAD_SIZE


@given(st.binary(max_size=64).filter(lambda b: not b.startswith(PNG_MAGIC)))
def test_anything_without_the_png_magic_is_not_a_png(data):
    assert image_problem(data) == NOT_PNG


def test_jpeg_and_gif_bytes_are_refused_as_not_png():
    assert image_problem(b"\xff\xd8\xff\xe0" + b"\0" * 100) == NOT_PNG
    assert image_problem(b"GIF89a" + b"\0" * 100) == NOT_PNG


def test_more_than_300_kb_is_refused_whatever_it_declares():
    small = png(100, 50)
    assert image_problem(small + b"\0" * (MAX_BYTES - len(small))) is None
    assert image_problem(small + b"\0" * (MAX_BYTES - len(small) + 1)) == TOO_LARGE


@given(st.integers(0, 20), st.integers(0, 255))
def test_any_changed_byte_of_the_ihdr_is_caught_by_its_crc(offset, value):
    data = bytearray(png(400, 200))
    position = 12 + offset  # the chunk type, the 13 header bytes and the CRC
    if data[position] == value:
        return
    data[position] = value
    assert png_header(bytes(data)) is None
    assert image_problem(bytes(data)) == BAD_HEADER


def test_a_png_whose_first_chunk_is_not_ihdr_or_is_truncated_has_no_header():
    assert image_problem(PNG_MAGIC + chunk(b"tEXt", b"x" * 13)) == BAD_HEADER
    assert image_problem(png(10, 10)[:30]) == BAD_HEADER
    assert image_problem(png(10, 10, depth=3, color=6)) == BAD_HEADER  # no such depth for RGBA


# --- who signs, who may refuse

def problems(**given_values):
    values = {"role": "enterprise_head", "signer_name": "王五", "refused": False, "witness_name": "",
              "has_image": True, "officer_given": False, "officer_on_team": False, **given_values}
    return signer_problems(**values)


def test_a_party_signature_with_a_name_and_an_image_is_kept():
    assert problems() == []


def test_a_refusal_needs_a_witness_and_has_no_image():
    assert problems(refused=True, has_image=False) == [("witness_name", REFUSAL_NEEDS_WITNESS)]
    assert problems(refused=True, has_image=True, witness_name="李四") == [("image", REFUSAL_NO_IMAGE)]
    assert problems(refused=True, has_image=False, witness_name="李四", signer_name="") == []


@given(st.sampled_from(["officer", "witness"]))
def test_only_the_partys_people_may_refuse(role):
    found = problems(role=role, refused=True, has_image=False, witness_name="李四", officer_given=role == "officer",
                     officer_on_team=True)
    assert ("refused", ONLY_PARTY_REFUSES) in found


def test_a_signature_needs_its_image():
    assert ("image", IMAGE_REQUIRED) in problems(has_image=False)


def test_an_officer_signs_only_when_on_the_team():
    assert problems(role="officer", signer_name="", officer_given=True, officer_on_team=True) == []
    assert problems(role="officer", officer_given=True, officer_on_team=False) == [("officer", OFFICER_NOT_ON_TEAM)]
    assert [f for f, _ in problems(role="officer")] == ["officer"]
    assert [f for f, _ in problems(officer_given=True)] == ["officer"]


def test_unknown_roles_and_kinds_are_refused():
    assert [f for f, _ in problems(role="boss")] == ["role"]
    assert [f for f, _ in problems(kind_code="罚")] == ["kind_code"]
    assert problems(kind_code="责改") == []


# --- the device's clock

@given(st.integers(-40 * 24 * 60, 40 * 24 * 60))
def test_the_device_time_is_refused_only_far_off_and_flagged_beyond_ten_minutes(minutes):
    device = RECEIVED + timedelta(minutes=minutes)
    refused = clock_problem(device, RECEIVED) is not None
    assert refused == (minutes > 24 * 60 or minutes < -30 * 24 * 60)
    assert bool(clock_flag(device, RECEIVED)) == (abs(minutes) > 10)


def test_the_flag_says_how_far_apart_and_which_way():
    assert clock_flag(RECEIVED - timedelta(hours=2, minutes=5), RECEIVED).startswith("设备时间早于服务器接收时间 2 小时 5 分钟")
    assert clock_flag(RECEIVED + timedelta(minutes=11), RECEIVED).startswith("设备时间晚于服务器接收时间 11 分钟")
    assert clock_flag(RECEIVED + timedelta(minutes=10), RECEIVED) == ""


# --- the position

@given(st.floats(-90, 90), st.floats(-180, 180), st.none() | st.floats(0, 100_000))
def test_a_position_within_range_is_kept(latitude, longitude, accuracy):
    assert gps_problems(latitude, longitude, accuracy) == []


def test_a_position_is_whole_and_within_range():
    assert gps_problems(None, None, None) == []
    assert [f for f, _ in gps_problems(32.7, None, None)] == ["latitude"]
    assert [f for f, _ in gps_problems(91, 113.3, None)] == ["latitude"]
    assert [f for f, _ in gps_problems(32.7, 181, None)] == ["longitude"]
    assert [f for f, _ in gps_problems(None, None, 5)] == ["accuracy_m"]
    assert [f for f, _ in gps_problems(32.7, 113.3, -1)] == ["accuracy_m"]
