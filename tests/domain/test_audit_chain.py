from anjian.domain.audit_chain import GENESIS, event_hash, verify_chain


def _chain(n):
    events, prev = [], GENESIS
    for i in range(1, n + 1):
        content = {"seq": i, "verb": "x", "payload": {"new": {"v": i}}}
        h = event_hash(prev, content)
        events.append((i, prev, h, content))
        prev = h
    return events


def test_intact_chain_verifies():
    assert verify_chain(_chain(5)) is None


def test_edited_event_is_the_first_break():
    events = _chain(5)
    i, prev, h, content = events[2]
    events[2] = (i, prev, h, {**content, "verb": "y"})
    assert verify_chain(events).event_id == 3


def test_deleted_event_breaks_the_next_link():
    events = _chain(5)
    del events[1]
    assert verify_chain(events).event_id == 3
