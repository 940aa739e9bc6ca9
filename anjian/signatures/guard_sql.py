"""The signature guard (ADR 0019), on PostgreSQL and SQLite alike: a recorded signature or refusal is never
changed or deleted. A wrong one stays, and a new one is taken; the document issued with it is corrected by a new
document. Services never update a signature, so nothing legitimate is refused."""

from anjian.audit.guard import append_only

TABLE = "signatures_signature"
FROZEN = "现场签名登记后不能修改或删除"

GUARD = append_only("signature", TABLE, FROZEN)
