"""The keyed audit chain and its checkpoints: whoever lacks the key can neither edit, delete, reorder nor
re-hash events unnoticed, and a signed checkpoint exposes a chain cut back or rewritten afterwards."""

import hashlib

from hypothesis import assume, given
from hypothesis import strategies as st

from anjian.domain.audit_chain import (
    GENESIS,
    ChainKey,
    canonical,
    checkpoint_line,
    checkpoint_parse,
    event_hash,
    verify_chain,
    verify_checkpoints,
)

KEY = ChainKey(b"k" * 32)
OTHER = ChainKey(b"o" * 32)
AT = "2026-05-01T10:00:00+08:00"

values = st.one_of(st.integers(-10**6, 10**6), st.text(max_size=8), st.booleans(), st.none())
contents = st.fixed_dictionaries({"verb": st.text(min_size=1, max_size=8),
                                   "payload": st.dictionaries(st.text(max_size=4), values, max_size=3)})


def _chain(contents_list, key=KEY, start=GENESIS):
    events, prev = [], start
    for i, content in enumerate(contents_list, start=1):
        content = {**content, "seq": i}
        h = event_hash(key, prev, content)
        events.append((i, prev, h, content))
        prev = h
    return events


def _plain_hash(prev, content):
    return hashlib.sha256((prev + "\n" + canonical(content)).encode()).hexdigest()


def _rehash_from(events, index, hasher):
    """What someone without the key can do: recompute every hash from `index` on with their own function."""
    out = list(events[:index])
    prev = out[-1][2] if out else GENESIS
    for seq, _, _, content in events[index:]:
        h = hasher(prev, content)
        out.append((seq, prev, h, content))
        prev = h
    return out


chains = st.lists(contents, min_size=2, max_size=8)


def test_intact_chain_verifies():
    assert verify_chain(KEY, _chain([{"verb": "x", "payload": {}}] * 5)) is None


def test_the_hash_is_hmac_not_plain_sha256():
    content = {"seq": 1, "verb": "x"}
    assert event_hash(KEY, GENESIS, content) != _plain_hash(GENESIS, content)
    assert event_hash(KEY, GENESIS, content) != event_hash(OTHER, GENESIS, content)


@given(chains, st.data())
def test_any_single_edit_is_the_first_break(contents_list, data):
    events = _chain(contents_list)
    i = data.draw(st.integers(0, len(events) - 1))
    seq, prev, h, content = events[i]
    edited = {**content, "verb": content["verb"] + "·"}
    events[i] = (seq, prev, h, edited)
    assert verify_chain(KEY, events).event_id == seq


@given(chains, st.data())
def test_any_deletion_but_the_last_breaks_the_next_link(contents_list, data):
    events = _chain(contents_list)
    i = data.draw(st.integers(0, len(events) - 2))
    following = events[i + 1][0]
    del events[i]
    broken = verify_chain(KEY, events)
    assert broken.event_id == following and "前序哈希不连续" in broken.reason


@given(chains, st.data())
def test_any_reorder_is_detected(contents_list, data):
    events = _chain(contents_list)
    i = data.draw(st.integers(0, len(events) - 2))
    j = data.draw(st.integers(i + 1, len(events) - 1))
    events[i], events[j] = events[j], events[i]
    assert verify_chain(KEY, events) is not None


@given(chains, st.data(), st.sampled_from(["plain", "other-key"]))
def test_an_edit_rehashed_without_the_key_is_caught_at_the_edited_event(contents_list, data, how):
    events = _chain(contents_list)
    i = data.draw(st.integers(0, len(events) - 1))
    seq, prev, h, content = events[i]
    events[i] = (seq, prev, h, {**content, "verb": content["verb"] + "·"})
    hasher = _plain_hash if how == "plain" else (lambda p, c: event_hash(OTHER, p, c))
    forged = _rehash_from(events, i, hasher)
    broken = verify_chain(KEY, forged)
    assert broken.event_id == seq and "哈希" in broken.reason


def test_a_break_at_the_first_event_hints_at_a_different_key():
    broken = verify_chain(OTHER, _chain([{"verb": "x", "payload": {}}] * 2))
    assert broken.event_id == 1 and "ANJIAN_AUDIT_KEY" in broken.reason


# --- checkpoints ------------------------------------------------------------------------------------

def _hashes(events):
    return {seq: h for seq, _, h, _ in events}


def test_a_checkpoint_line_round_trips_and_verifies():
    events = _chain([{"verb": "x", "payload": {}}] * 3)
    line = checkpoint_line(KEY, 3, events[-1][2], AT)
    cp = checkpoint_parse(line)
    assert (cp.seq, cp.hash, cp.at, cp.key_id) == (3, events[-1][2], AT, KEY.key_id)
    report = verify_checkpoints(KEY, ["# kept off the server", "", line], _hashes(events), 3)
    assert report.findings == () and report.checked == 1 and report.latest_seq == 3


def test_an_empty_chain_can_be_checkpointed():
    report = verify_checkpoints(KEY, [checkpoint_line(KEY, 0, GENESIS, AT)], {}, 0)
    assert report.findings == () and report.checked == 1


@given(st.data())
def test_any_change_to_a_checkpoint_line_is_refused(data):
    events = _chain([{"verb": "x", "payload": {}}] * 3)
    line = checkpoint_line(KEY, 2, events[1][2], AT)
    i = data.draw(st.integers(0, len(line) - 1))
    char = data.draw(st.sampled_from("0123456789abcdef =T:+-"))
    assume(char != line[i])
    forged = line[:i] + char + line[i + 1:]
    report = verify_checkpoints(KEY, [forged], _hashes(events), 3)
    assert report.checked == 0 and len(report.findings) == 1


def test_a_checkpoint_signed_with_another_key_is_refused():
    events = _chain([{"verb": "x", "payload": {}}] * 2)
    report = verify_checkpoints(KEY, [checkpoint_line(OTHER, 2, events[1][2], AT)], _hashes(events), 2)
    assert "另一密钥" in report.findings[0].reason


@given(chains, st.data())
def test_a_chain_cut_back_below_a_checkpoint_is_truncation(contents_list, data):
    events = _chain(contents_list)
    line = checkpoint_line(KEY, len(events), events[-1][2], AT)
    keep = data.draw(st.integers(0, len(events) - 1))
    cut = events[:keep]
    assert verify_chain(KEY, cut) is None  # the cut chain alone looks whole
    report = verify_checkpoints(KEY, [line], _hashes(cut), keep)
    assert report.checked == 0 and "链尾被截断" in report.findings[0].reason


@given(chains, st.data())
def test_a_chain_rewritten_with_the_key_after_a_checkpoint_is_caught(contents_list, data):
    """Even someone holding the key cannot move history under a checkpoint kept elsewhere."""
    events = _chain(contents_list)
    line = checkpoint_line(KEY, len(events), events[-1][2], AT)
    i = data.draw(st.integers(0, len(events) - 1))
    seq, prev, h, content = events[i]
    events[i] = (seq, prev, h, {**content, "verb": content["verb"] + "·"})
    rewritten = _rehash_from(events, i, lambda p, c: event_hash(KEY, p, c))
    assert verify_chain(KEY, rewritten) is None
    report = verify_checkpoints(KEY, [line], _hashes(rewritten), len(rewritten))
    assert "与检查点" in report.findings[0].reason


def test_a_line_that_is_not_a_checkpoint_is_reported_with_its_number():
    report = verify_checkpoints(KEY, ["# comment", "hello"], {}, 0)
    assert report.findings[0].line == 2 and "格式不符" in report.findings[0].reason
