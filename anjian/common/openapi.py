"""The API object: an OpenAPI document that says exactly what the code answers, and Chinese 422 messages.

- Two schemas may not share a component name (a clash used to show one operation's body on another):
  building the document raises ``SchemaNameClash`` instead.
- Every operation declares the errors the framework itself can answer: 401 (no or bad credentials),
  403 (capability), 422 (a parameter or field out of bounds) when it takes input, 404 when its path or
  body names a record. Each is ``ErrorOut``.
- ``binary(media_type)`` declares a file answer (PDF, Word, XLSX) for an operation's 200.
"""

import json
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.parser import Parser
from ninja.schema import NinjaGenerateJsonSchema

from anjian.common.api_errors import ErrorOut

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
_DESCRIPTIONS = {401: "未登录或令牌无效", 403: "无此操作权限", 404: "记录不存在或不在管辖范围内",
                 409: "记录状态已变化或不允许此操作", 422: "参数不合法或业务规则不允许"}
_FIELD_LOCATIONS = {"body", "query", "path", "form", "file", "payload", "filters", "header", "cookie"}


class SchemaNameClash(Exception):
    pass


def binary(*media_types: str) -> dict[str, Any]:
    """openapi_extra for an operation whose 200 is a file of one of these types."""
    content = {m: {"schema": {"type": "string", "format": "binary"}} for m in media_types}
    return {"responses": {200: {"description": "文件", "content": content}}}


class StrictOpenAPISchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict) -> None:
        for name, schema in definitions.items():
            if name in self.schemas and self.schemas[name] != schema:
                raise SchemaNameClash(f"two schemas are named {name!r}: give one a distinct class name "
                                      f"({self.schemas[name]} / {schema})")
        super().add_schema_definitions(definitions)

    def responses(self, operation) -> dict[int, dict]:
        result = super().responses(operation)
        has_input = bool(operation.models)
        has_body = any(m.__ninja_param_source__ in ("body", "form", "file") for m in operation.models)
        codes = [401, 403]
        if "{" in operation.path or has_body:  # an id in the path or in the body may name nothing visible
            codes.append(404)
        if has_input:
            codes.append(422)
        for code in codes:
            entry = result.setdefault(code, {"description": _DESCRIPTIONS[code]})
            entry.setdefault("content", {"application/json": {"schema": ERROR_REF}})
        if "ErrorOut" not in self.schemas:
            self.schemas["ErrorOut"] = ErrorOut.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode="serialization")
        return dict(sorted(result.items()))


class ObjectParser(Parser):
    """A JSON body is one object in UTF-8: a list, a number or bytes that are not JSON are refused (422)."""

    def parse_body(self, request):
        data = json.loads(request.body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data


class AnjianAPI(NinjaAPI):
    def __init__(self, **kwargs):
        kwargs.setdefault("parser", ObjectParser())
        super().__init__(**kwargs)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return StrictOpenAPISchema(self, path_prefix)


def _field(loc) -> str:
    parts = [str(part) for part in loc]
    if len(parts) >= 3 and parts[0] in ("body", "form"):
        parts = parts[2:]  # ("body", <the view's parameter name>, field …): the field is what the caller sent
    names = [p for p in parts if p not in _FIELD_LOCATIONS]
    return ".".join(names) or "请求体"


def _reason(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", ""))).removeprefix("Value error, ")
    simple = {
        "missing": "缺少必填项", "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
        "float_parsing": "应为数字", "float_type": "应为数字", "bool_parsing": "应为 true 或 false",
        "bool_type": "应为 true 或 false", "string_type": "应为文字", "json_invalid": "请求体不是有效的 JSON",
        "date_from_datetime_inexact": "应为日期 YYYY-MM-DD", "date_parsing": "应为日期 YYYY-MM-DD",
        "date_from_datetime_parsing": "应为日期 YYYY-MM-DD", "date_type": "应为日期 YYYY-MM-DD",
        "datetime_parsing": "应为日期时间（ISO 8601）", "datetime_type": "应为日期时间（ISO 8601）",
        "datetime_from_date_parsing": "应为日期时间（ISO 8601）", "decimal_parsing": "应为金额数字",
        "decimal_type": "应为金额数字", "list_type": "应为列表", "dict_type": "应为对象",
        "model_attributes_type": "应为对象", "model_type": "应为对象", "string_pattern_mismatch": "包含不允许的字符",
        "uuid_parsing": "应为 UUID", "extra_forbidden": "不是可用的字段", "finite_number": "应为有限数字",
    }
    if kind in simple:
        return simple[kind]
    bounds = {
        "greater_than_equal": ("应 ≥ {}", "ge"), "less_than_equal": ("应 ≤ {}", "le"),
        "greater_than": ("应 > {}", "gt"), "less_than": ("应 < {}", "lt"),
        "string_too_long": ("长度不能超过 {} 个字符", "max_length"),
        "string_too_short": ("长度不能少于 {} 个字符", "min_length"),
        "too_long": ("最多 {} 项", "max_length"), "too_short": ("至少 {} 项", "min_length"),
        "decimal_max_digits": ("数字位数不能超过 {}", "max_digits"),
        "decimal_max_places": ("小数位数不能超过 {}", "decimal_places"),
        "literal_error": ("应为以下之一：{}", "expected"), "enum": ("应为以下之一：{}", "expected"),
    }
    if kind in bounds:
        text, key = bounds[kind]
        return text.format(ctx.get(key, ""))
    return "格式不正确"


def validation_message(errors: list[dict]) -> str:
    """Chinese message for a list of pydantic errors: '参数 page：应 ≥ 1；参数 size：应 ≤ 200'."""
    parts = []
    for error in errors[:5]:
        part = f"参数 {_field(error.get('loc', ()))}：{_reason(error)}"
        if part not in parts:
            parts.append(part)
    if len(errors) > 5:
        parts.append(f"……另有 {len(errors) - 5} 处")
    return "；".join(parts) or "请求参数不合法"
