"""Keyed hash chain of audit events, and signed checkpoints of its head (ADR 0019).

Each event's hash is HMAC-SHA256(key, prev_hash + "\\n" + canonical JSON of its content): without the key,
kept outside the database, an edited event cannot be re-hashed and a forged tail cannot be appended. A
checkpoint is one signed line naming a (seq, hash) of the chain; kept outside the database, it exposes a chain
that was cut back (events deleted from the tail and the head rewound) or rewritten by someone with the key.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
CHECKPOINT_FORMAT = "anjian-audit-checkpoint/1"
KEY_HINT = "若自第一条事件起即不符，也可能是审计密钥（ANJIAN_AUDIT_KEY）与写入时不同"


def canonical(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class ChainKey:
    """The audit key, ready to use: the HMAC state is derived once and copied for each message.

    Checkpoints are signed with a subkey derived from the same secret (domain separation: a checkpoint
    signature is never an event hash). `key_id` names the key in checkpoint lines without revealing it.
    """

    __slots__ = ("_events", "_checkpoints", "key_id")

    def __init__(self, secret: bytes):
        if not secret:
            raise ValueError("empty audit key")
        self._events = hmac.new(secret, digestmod=hashlib.sha256)
        checkpoint_secret = hmac.new(secret, b"anjian-audit-checkpoint/1", hashlib.sha256).digest()
        self._checkpoints = hmac.new(checkpoint_secret, digestmod=hashlib.sha256)
        self.key_id = hmac.new(secret, b"anjian-audit-key-id", hashlib.sha256).hexdigest()[:8]

    def event_mac(self, message: bytes) -> str:
        mac = self._events.copy()
        mac.update(message)
        return mac.hexdigest()

    def checkpoint_mac(self, message: bytes) -> str:
        mac = self._checkpoints.copy()
        mac.update(message)
        return mac.hexdigest()


def event_hash(key: ChainKey, prev_hash: str, content: dict) -> str:
    return key.event_mac((prev_hash + "\n" + canonical(content)).encode())


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify_chain(key: ChainKey, events: Iterable[tuple[int, str, str, dict]]) -> ChainBreak | None:
    """events: (id, prev_hash, hash, content) ordered by id. Returns the first broken link."""
    expected_prev = GENESIS
    for event_id, prev_hash, stored_hash, content in events:
        if prev_hash != expected_prev:
            return ChainBreak(event_id, "前序哈希不连续：其前一条事件被删除或篡改")
        if not hmac.compare_digest(event_hash(key, prev_hash, content), stored_hash):
            reason = "事件内容与哈希不符：该事件被篡改或其哈希被重算"
            return ChainBreak(event_id, reason if expected_prev != GENESIS else f"{reason}（{KEY_HINT}）")
        expected_prev = stored_hash
    return None


# --- checkpoints ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str  # ISO 8601 time the checkpoint was taken (given by the caller)
    key_id: str
    sig: str


_LINE = re.compile(
    rf"^{re.escape(CHECKPOINT_FORMAT)} seq=(?P<seq>0|[1-9][0-9]{{0,17}}) hash=(?P<hash>[0-9a-f]{{64}}) "
    r"at=(?P<at>[0-9T:+.\-Z]{10,40}) key=(?P<key_id>[0-9a-f]{8}) sig=(?P<sig>[0-9a-f]{64})$"
)


def _signed_part(seq: int, head_hash: str, at: str, key_id: str) -> str:
    return f"{CHECKPOINT_FORMAT} seq={seq} hash={head_hash} at={at} key={key_id}"


def checkpoint_line(key: ChainKey, seq: int, head_hash: str, at: str) -> str:
    """One line: format, seq, hash, time, key id and the signature over all of them."""
    signed = _signed_part(seq, head_hash, at, key.key_id)
    return f"{signed} sig={key.checkpoint_mac(signed.encode())}"


def checkpoint_parse(line: str) -> Checkpoint | None:
    match = _LINE.match(line.strip())
    if not match:
        return None
    return Checkpoint(int(match["seq"]), match["hash"], match["at"], match["key_id"], match["sig"])


@dataclass(frozen=True)
class CheckpointFinding:
    line: int  # 1-based line number in the checkpoint file
    reason: str


@dataclass(frozen=True)
class CheckpointReport:
    checked: int  # checkpoint lines whose signature was valid and whose (seq, hash) the chain still holds
    latest_seq: int | None
    findings: tuple[CheckpointFinding, ...]


def checkpoint_seqs(lines: Iterable[str]) -> set[int]:
    """The seqs named by the well-formed lines (for the caller to look their hashes up)."""
    return {cp.seq for cp in map(checkpoint_parse, lines) if cp is not None}


def verify_checkpoints(key: ChainKey, lines: Iterable[str], hashes: Mapping[int, str],
                       last_seq: int) -> CheckpointReport:
    """Check every checkpoint line against the chain.

    hashes: the stored hash of each seq the lines name (missing = no such event); last_seq: the chain's last
    event. Blank lines and lines starting with '#' are skipped. A checkpoint proves its (seq, hash) was the
    chain's head when it was signed: the chain must still hold that event with that hash.
    """
    findings: list[CheckpointFinding] = []
    checked, latest = 0, None
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        cp = checkpoint_parse(text)
        if cp is None:
            findings.append(CheckpointFinding(number, "不是审计检查点行（格式不符）"))
            continue
        expected = key.checkpoint_mac(_signed_part(cp.seq, cp.hash, cp.at, cp.key_id).encode())
        if not hmac.compare_digest(expected, cp.sig):
            why = "签名无效：检查点被改动" if cp.key_id == key.key_id else (
                f"签名无效：检查点由另一密钥（{cp.key_id}）签发，或被改动")
            findings.append(CheckpointFinding(number, why))
            continue
        stored = GENESIS if cp.seq == 0 else hashes.get(cp.seq)
        if stored is None:
            findings.append(CheckpointFinding(
                number, f"链尾被截断：检查点（{cp.at}）记录至第 {cp.seq} 号事件，审计链现只到第 {last_seq} 号"))
        elif not hmac.compare_digest(stored, cp.hash):
            findings.append(CheckpointFinding(
                number, f"第 {cp.seq} 号事件的哈希与检查点（{cp.at}）不符：审计链被回退或改写后重算"))
        else:
            checked += 1
            latest = cp.seq if latest is None else max(latest, cp.seq)
    return CheckpointReport(checked, latest, tuple(findings))
