"""The field-record guard (ADR 0019, 0040): what a phone uploaded — its device time, position and receipt time — is
never changed or deleted; a conflict is settled in its own row."""

from anjian.audit.guard import append_only

GUARD = append_only("field_record", "field_fieldrecord", "现场记录上传后不能修改或删除")
