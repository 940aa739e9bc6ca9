from datetime import date

from django.core.management.base import BaseCommand, CommandError

from anjian.calendars.selectors import work_calendar
from anjian.domain.calendar import CalendarYearMissing, provisional_note


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from exc


def _note(year: int | None) -> str:
    return f"（{provisional_note(year)}）" if year else ""


class Command(BaseCommand):
    help = "工作日计算：add DATE N（其后第N个工作日）；between DATE1 DATE2（其间工作日数）；is DATE"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("start")
        add.add_argument("n", type=int)
        between = sub.add_parser("between")
        between.add_argument("start")
        between.add_argument("end")
        is_ = sub.add_parser("is")
        is_.add_argument("day")

    def handle(self, *args, **options):
        calendar = work_calendar()
        try:
            if options["action"] == "add":
                if options["n"] < 1:
                    raise CommandError("N 应为正整数")
                start = _date(options["start"])
                day = calendar.add_workdays(start, options["n"])
                self.stdout.write(day.isoformat() + _note(calendar.provisional_year(start, day)))
            elif options["action"] == "between":
                start, end = _date(options["start"]), _date(options["end"])
                self.stdout.write(str(calendar.workdays_between(start, end)) + _note(calendar.provisional_year(start, end)))
            else:
                day = _date(options["day"])
                self.stdout.write(("工作日" if calendar.is_workday(day) else "休息日") + _note(calendar.provisional_year(day, day)))
        except CalendarYearMissing as exc:
            raise CommandError(str(exc)) from exc
