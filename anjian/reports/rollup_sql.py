"""The SQL that defines the metric counters, and the triggers that mark what a change touches.

One definition serves three uses, so they cannot disagree:
- `aggregate_sql(..., keys)`: recompute the roll-up rows of some (agency, day) keys (refresh);
- `aggregate_sql(...)` with no filter: rebuild the whole roll-up;
- `aggregate_sql(..., agencies, start, end)`: the bare aggregation of the same numbers straight from the
  records (tests compare it with the roll-up; the benchmark times it).

Attribution (ADR 0016): every counter belongs to the agency that did the work — an inspection, its team and
its hazards to the inspecting agency; a document to the issuing agency; a case, its fine and its transfers
to the case's agency — and to the industry of the enterprise concerned. Days are local dates (TIME_ZONE):
an inspection's day is the day it ended (else started, else was planned); a hazard is found on its
inspection's day and is due on its deadline (or, corrected on the spot without a deadline, on its
inspection's day); a document counts on the day it was issued; a case on its filing and decision dates; a
transfer on the day it was sent. Only inspections carried out (status recorded/closed) count, and only
their hazards and teams.

Both PostgreSQL and SQLite are supported; `Dialect` holds the few expressions that differ.
"""
# ruff: noqa: S608 — the SQL text is built from this module's constants only; values always go as parameters.

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from anjian.domain.metrics import COUNTED_STATUSES, PLANNED_SOURCES, RECTIFIED_STATUSES
from anjian.reports.models import ROLLUP_COLUMNS

DIRTY = "reports_rollupdirty"
CRIMINAL_TRANSFERS = ("public_security", "procuratorate")
NOT_PENALIZED = ("no_penalty", "not_filed", "transferred")  # case results that need no 处罚决定书
PENALTY_DOCUMENTS = ("罚", "罚当")
RECORD_DOCUMENT = "检记"
MEASURE_DOCUMENT = "现决"


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


COUNTED = _in(COUNTED_STATUSES)


@dataclass(frozen=True)
class Dialect:
    vendor: str  # "postgresql" or "sqlite"
    time_zone: str

    @property
    def pg(self) -> bool:
        return self.vendor == "postgresql"

    def local_date(self, column: str) -> str:
        if self.pg:
            return f"(timezone('{self.time_zone}', {column}))::date"
        return f"date({column}, '{sqlite_offset(self.time_zone)}')"

    def inspection_day(self, row: str) -> str:
        return f"COALESCE({self.local_date(f'COALESCE({row}.ended_at, {row}.started_at)')}, {row}.planned_date)"

    def json_nonempty(self, column: str) -> str:
        return f"jsonb_array_length({column}) > 0" if self.pg else f"json_array_length({column}) > 0"

    def changed(self, column: str) -> str:
        return f"OLD.{column} IS DISTINCT FROM NEW.{column}" if self.pg else f"OLD.{column} IS NOT NEW.{column}"

    def fen(self, column: str) -> str:
        return f"CAST(ROUND(COALESCE({column}, 0) * 100) AS {'BIGINT' if self.pg else 'INTEGER'})"

    def later_than(self, later: str, earlier: str, days: int) -> str:
        if self.pg:
            return f"{later} > {earlier} + make_interval(days => {int(days)})"
        return f"julianday({later}) - julianday({earlier}) > {int(days)}"


def sqlite_offset(time_zone: str) -> str:
    """SQLite has no time zones: a fixed offset, refused for zones with daylight saving."""
    zone = ZoneInfo(time_zone)
    winter, summer = (datetime(2024, m, 1, tzinfo=zone).utcoffset() for m in (1, 7))
    if winter != summer:
        raise ValueError(f"TIME_ZONE {time_zone} has daylight saving; the SQLite roll-up needs a fixed offset")
    minutes = int(winter.total_seconds()) // 60
    return f"{minutes:+d} minutes"


def _ct(app_label: str, model: str) -> str:
    return f"(SELECT id FROM django_content_type WHERE app_label = '{app_label}' AND model = '{model}')"


@dataclass(frozen=True)
class Branch:
    """One source of counters: FROM … WHERE …, the agency and day it is attributed to, the counters it adds."""

    source: str
    where: str
    agency: str
    day: str
    industry: str
    counters: dict[str, str]


def _home(enterprise: str, agency: str) -> str:
    """The enterprise lies in the agency's region (a visiting team's inspection drafts no documents)."""
    prefix = (f"(CASE WHEN substr({agency}.region_id, 3) = '0000' THEN substr({agency}.region_id, 1, 2) "
              f"WHEN substr({agency}.region_id, 5) = '00' THEN substr({agency}.region_id, 1, 4) "
              f"ELSE {agency}.region_id END)")
    return f"substr({enterprise}.region_id, 1, length({prefix})) = {prefix}"


def branches(d: Dialect, late_days: int) -> list[Branch]:
    iday = d.inspection_day("i")
    inspection = "inspections_inspection i JOIN enterprises_enterprise e ON e.id = i.enterprise_id"
    counted = f"i.status IN {COUNTED}"
    one = "1"
    no_rectification = (f"CASE WHEN EXISTS (SELECT 1 FROM inspections_hazard hq WHERE hq.inspection_id = i.id "
                        f"AND hq.deadline IS NULL AND hq.rectified_at IS NULL AND hq.status NOT IN "
                        f"{_in((*RECTIFIED_STATUSES, 'escalated'))}) THEN 1 ELSE 0 END")
    missing_record = (f"CASE WHEN {_home('e', 'ag')} AND NOT EXISTS (SELECT 1 FROM documents_document dq "
                      f"WHERE dq.subject_type_id = {_ct('inspections', 'inspection')} AND dq.subject_id = i.id "
                      f"AND dq.kind_id = '{RECORD_DOCUMENT}' AND dq.status = 'issued') THEN 1 ELSE 0 END")
    late_entry = (f"CASE WHEN i.ended_at IS NOT NULL AND EXISTS (SELECT 1 FROM audit_auditevent aq "
                  f"WHERE aq.target_type = 'inspections.inspection' AND aq.target_id = CAST(i.id AS TEXT) "
                  f"AND aq.verb = 'inspection_record' AND {d.later_than('aq.occurred_at', 'i.ended_at', late_days)}"
                  f") THEN 1 ELSE 0 END")
    no_penalty_document = (
        f"CASE WHEN COALESCE(c.result, '') NOT IN {_in(NOT_PENALIZED)} AND NOT EXISTS (SELECT 1 FROM "
        f"documents_document dq WHERE dq.subject_type_id = {_ct('cases', 'penaltycase')} AND dq.subject_id = c.id "
        f"AND dq.kind_id IN {_in(PENALTY_DOCUMENTS)} AND dq.status = 'issued') THEN 1 ELSE 0 END")
    case = "cases_penaltycase c JOIN enterprises_enterprise e ON e.id = c.enterprise_id"
    return [
        Branch(f"{inspection} JOIN regions_agency ag ON ag.id = i.agency_id", counted, "i.agency_id", iday,
               "e.industry",
               {"inspections": one,
                "planned_inspections": f"CASE WHEN i.source IN {_in(PLANNED_SOURCES)} THEN 1 ELSE 0 END",
                "q_no_rectification": no_rectification, "q_missing_record": missing_record,
                "q_late_entry": late_entry}),
        Branch("inspections_inspectionofficer t JOIN inspections_inspection i ON i.id = t.inspection_id "
               "JOIN enterprises_enterprise e ON e.id = i.enterprise_id", counted, "i.agency_id", iday, "e.industry",
               {"turnouts": one}),
        Branch(_hazard_source(), counted, "i.agency_id", iday, "e.industry",
               {"hazards": one, "major_hazards": "CASE WHEN h.is_major THEN 1 ELSE 0 END",
                "measure_hazards": f"CASE WHEN {d.json_nonempty('h.measures')} THEN 1 ELSE 0 END"}),
        Branch(_hazard_source(), f"{counted} AND h.deadline IS NOT NULL", "i.agency_id", "h.deadline", "e.industry",
               _due()),
        Branch(_hazard_source(), f"{counted} AND h.deadline IS NULL AND h.handling = 'on_spot'", "i.agency_id", iday,
               "e.industry", _due()),
        Branch("documents_document dc LEFT JOIN enterprises_enterprise e ON e.id = dc.enterprise_id",
               "dc.status = 'issued' AND dc.issued_at IS NOT NULL", "dc.agency_id", d.local_date("dc.issued_at"),
               "COALESCE(e.industry, '')",
               {"documents": one,
                "measure_decisions": f"CASE WHEN dc.kind_id = '{MEASURE_DOCUMENT}' THEN 1 ELSE 0 END"}),
        Branch(case, "c.filed_on IS NOT NULL AND c.status <> 'not_filed'", "c.agency_id", "c.filed_on", "e.industry",
               {"cases_filed": one}),
        Branch(case, "c.decided_on IS NOT NULL", "c.agency_id", "c.decided_on", "e.industry",
               {"cases_decided": one, "fines_fen": d.fen("c.fine_amount"),
                "q_no_penalty_document": no_penalty_document}),
        Branch("cases_casetransfer tr JOIN cases_penaltycase c ON c.id = tr.case_id "
               "JOIN enterprises_enterprise e ON e.id = c.enterprise_id", "1 = 1", "c.agency_id", "tr.sent_on",
               "e.industry",
            {"transfers": one, "criminal_transfers": f"CASE WHEN tr.kind IN {_in(CRIMINAL_TRANSFERS)} THEN 1 ELSE 0 END"}),
    ]


def _hazard_source() -> str:
    return ("inspections_hazard h JOIN inspections_inspection i ON i.id = h.inspection_id "
            "JOIN enterprises_enterprise e ON e.id = i.enterprise_id")


def _due() -> dict[str, str]:
    return {"hazards_due": "1",
            "hazards_rectified": f"CASE WHEN h.status IN {_in(RECTIFIED_STATUSES)} THEN 1 ELSE 0 END"}


@dataclass(frozen=True)
class Filter:
    """Which rows to aggregate: some days of one agency (refresh), or agencies over a date range (bare SQL)."""

    agency: int | None = None
    days: tuple = ()
    agencies: tuple[int, ...] = ()
    start: object = None
    end: object = None
    industry: str | None = None

    def clause(self, b: Branch) -> tuple[str, list]:
        parts, params = [], []
        if self.agency is not None:
            parts.append(f"{b.agency} = %s AND {b.day} IN ({', '.join(['%s'] * len(self.days))})")
            params += [self.agency, *self.days]
        if self.agencies:
            parts.append(f"{b.agency} IN ({', '.join(['%s'] * len(self.agencies))})")
            params += list(self.agencies)
        if self.start is not None:
            parts.append(f"{b.day} BETWEEN %s AND %s")
            params += [self.start, self.end]
        if self.industry is not None:
            parts.append(f"{b.industry} = %s")
            params.append(self.industry)
        return " AND ".join(parts), params


def aggregate_sql(d: Dialect, late_days: int, flt: Filter | None = None,
                  group: tuple[str, ...] = ("agency_id", "day", "industry"),
                  columns: tuple[str, ...] = ROLLUP_COLUMNS) -> tuple[str, list]:
    """SELECT <group>, SUM(counter)… over every branch, filtered; → (sql, params)."""
    selects, params = [], []
    for b in branches(d, late_days):
        cells = [f"{b.counters.get(c, '0')} AS {c}" for c in columns]
        if not any(c in b.counters for c in columns):
            continue
        where = b.where
        if flt is not None:
            clause, more = flt.clause(b)
            if clause:
                where = f"({where}) AND {clause}"
                params += more
        selects.append(f"SELECT {b.agency} AS agency_id, {b.day} AS day, {b.industry} AS industry, "
                       f"{', '.join(cells)} FROM {b.source} WHERE {where}")
    sums = ", ".join(f"SUM({c}) AS {c}" for c in columns)
    keys = ", ".join(group)
    head = f"{keys}, " if group else ""
    tail = f" GROUP BY {keys}" if group else ""
    return f"SELECT {head}{sums} FROM ({' UNION ALL '.join(selects)}) s{tail}", params


# ---- triggers: mark the (agency, day) keys a change touches ------------------------------------------------

def _mark(select: str) -> str:
    return f"INSERT INTO {DIRTY} (agency_id, day) {select};"


def _trigger_specs(d: Dialect) -> list[tuple[str, tuple[str, ...], bool, callable]]:
    """(table, columns whose change matters, has insert/delete triggers, statements for row R)."""
    counted = lambda r: f"{r}.status IN {COUNTED}"  # noqa: E731

    def inspection(r):
        return [_mark(f"SELECT {r}.agency_id, {d.inspection_day(r)} WHERE {counted(r)}"),
                _mark(f"SELECT DISTINCT {r}.agency_id, h.deadline FROM inspections_hazard h "
                      f"WHERE h.inspection_id = {r}.id AND h.deadline IS NOT NULL AND {counted(r)}")]

    def team(r):
        return [_mark(f"SELECT i.agency_id, {d.inspection_day('i')} FROM inspections_inspection i "
                      f"WHERE i.id = {r}.inspection_id AND {counted('i')}")]

    def hazard(r):
        return [_mark(f"SELECT i.agency_id, {d.inspection_day('i')} FROM inspections_inspection i "
                      f"WHERE i.id = {r}.inspection_id AND {counted('i')}"),
                _mark(f"SELECT i.agency_id, {r}.deadline FROM inspections_inspection i "
                      f"WHERE i.id = {r}.inspection_id AND {r}.deadline IS NOT NULL AND {counted('i')}")]

    def document(r):
        issued = f"{r}.status = 'issued'"
        return [_mark(f"SELECT {r}.agency_id, {d.local_date(f'{r}.issued_at')} "
                      f"WHERE {issued} AND {r}.issued_at IS NOT NULL"),
                _mark(f"SELECT i.agency_id, {d.inspection_day('i')} FROM inspections_inspection i "
                      f"WHERE {issued} AND {r}.kind_id = '{RECORD_DOCUMENT}' "
                      f"AND {r}.subject_type_id = {_ct('inspections', 'inspection')} AND i.id = {r}.subject_id"),
                _mark(f"SELECT c.agency_id, c.decided_on FROM cases_penaltycase c "
                      f"WHERE {issued} AND {r}.kind_id IN {_in(PENALTY_DOCUMENTS)} "
                      f"AND {r}.subject_type_id = {_ct('cases', 'penaltycase')} AND c.id = {r}.subject_id "
                      f"AND c.decided_on IS NOT NULL")]

    def case(r):
        return [_mark(f"SELECT {r}.agency_id, {r}.filed_on WHERE {r}.filed_on IS NOT NULL"),
                _mark(f"SELECT {r}.agency_id, {r}.decided_on WHERE {r}.decided_on IS NOT NULL"),
                _mark(f"SELECT {r}.agency_id, tr.sent_on FROM cases_casetransfer tr WHERE tr.case_id = {r}.id")]

    def transfer(r):
        return [_mark(f"SELECT c.agency_id, {r}.sent_on FROM cases_penaltycase c WHERE c.id = {r}.case_id")]

    def enterprise(r):
        return [
            _mark(f"SELECT i.agency_id, {d.inspection_day('i')} FROM inspections_inspection i "
                  f"WHERE i.enterprise_id = {r}.id AND {counted('i')}"),
            _mark(f"SELECT i.agency_id, h.deadline FROM inspections_hazard h JOIN inspections_inspection i "
                  f"ON i.id = h.inspection_id WHERE i.enterprise_id = {r}.id AND {counted('i')} "
                  f"AND h.deadline IS NOT NULL"),
            _mark(f"SELECT dc.agency_id, {d.local_date('dc.issued_at')} FROM documents_document dc "
                  f"WHERE dc.enterprise_id = {r}.id AND dc.status = 'issued' AND dc.issued_at IS NOT NULL"),
            _mark(f"SELECT c.agency_id, c.filed_on FROM cases_penaltycase c "
                  f"WHERE c.enterprise_id = {r}.id AND c.filed_on IS NOT NULL"),
            _mark(f"SELECT c.agency_id, c.decided_on FROM cases_penaltycase c "
                  f"WHERE c.enterprise_id = {r}.id AND c.decided_on IS NOT NULL"),
            _mark(f"SELECT c.agency_id, tr.sent_on FROM cases_casetransfer tr JOIN cases_penaltycase c "
                  f"ON c.id = tr.case_id WHERE c.enterprise_id = {r}.id"),
        ]

    return [
        ("inspections_inspection",
         ("status", "agency_id", "enterprise_id", "source", "started_at", "ended_at", "planned_date"), True,
         inspection),
        ("inspections_inspectionofficer", ("inspection_id",), True, team),
        ("inspections_hazard",
         ("inspection_id", "is_major", "measures", "handling", "deadline", "status", "rectified_at"), True, hazard),
        ("documents_document",
         ("status", "issued_at", "agency_id", "kind_id", "enterprise_id", "subject_type_id", "subject_id"), True,
         document),
        ("cases_penaltycase",
         ("agency_id", "enterprise_id", "filed_on", "decided_on", "fine_amount", "status", "result"), True, case),
        ("cases_casetransfer", ("case_id", "kind", "sent_on"), True, transfer),
        ("enterprises_enterprise", ("industry", "region_id"), False, enterprise),
    ]


def trigger_names(d: Dialect) -> list[tuple[str, str]]:
    """(table, trigger name) of every trigger installed."""
    out = []
    for table, _, inserts, _ in _trigger_specs(d):
        for op in (("insert", "update", "delete") if inserts else ("update",)):
            out.append((table, f"reports_mark_{table}_{op}"))
    return out


def install_statements(d: Dialect) -> list[str]:
    """Statements (one per execute) that (re)create every trigger; idempotent."""
    out = []
    for table, columns, inserts, body in _trigger_specs(d):
        for op in (("insert", "update", "delete") if inserts else ("update",)):
            name = f"reports_mark_{table}_{op}"
            rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[op]
            if table == "enterprises_enterprise":
                rows = ("NEW",)  # an enterprise's keys do not change with its industry or region
            statements = "\n    ".join(s for r in rows for s in body(r))
            when = f" WHEN ({' OR '.join(d.changed(c) for c in columns)})" if op == "update" else ""
            if d.pg:
                out.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\nBEGIN\n    {statements}\n"
                           f"    RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql")
                out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                out.append(f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} FOR EACH ROW{when} "
                           f"EXECUTE FUNCTION {name}()")
            else:
                out.append(f"DROP TRIGGER IF EXISTS {name}")
                out.append(f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} FOR EACH ROW{when}\n"
                           f"BEGIN\n    {statements}\nEND")
    return out


def uninstall_statements(d: Dialect) -> list[str]:
    out = []
    for table, name in trigger_names(d):
        if d.pg:
            out += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
        else:
            out.append(f"DROP TRIGGER IF EXISTS {name}")
    return out


def index_statements(d: Dialect) -> list[str]:
    """Indexes on the source tables that the refresh and the bare aggregation use (IF NOT EXISTS: both DBs)."""
    iday = d.inspection_day("inspections_inspection").replace("inspections_inspection.", "")
    return [
        f"CREATE INDEX IF NOT EXISTS reports_inspection_day_idx ON inspections_inspection "
        f"(agency_id, ({iday})) WHERE status IN {COUNTED}",
        f"CREATE INDEX IF NOT EXISTS reports_inspection_ent_day_idx ON inspections_inspection "
        f"(enterprise_id, ({iday}), agency_id) WHERE status IN {COUNTED}",
        "CREATE INDEX IF NOT EXISTS reports_hazard_deadline_idx ON inspections_hazard (deadline) "
        "WHERE deadline IS NOT NULL",
        f"CREATE INDEX IF NOT EXISTS reports_document_day_idx ON documents_document "
        f"(agency_id, ({d.local_date('issued_at')})) WHERE status = 'issued'",
        "CREATE INDEX IF NOT EXISTS reports_transfer_sent_idx ON cases_casetransfer (sent_on)",
    ]


INDEX_NAMES = ("reports_inspection_day_idx", "reports_inspection_ent_day_idx", "reports_hazard_deadline_idx",
               "reports_document_day_idx", "reports_transfer_sent_idx")
