"""Exit 0 when the PostgreSQL server in the URL accepts connections (used by make test-pg)."""

import sys

import psycopg


def main(url: str) -> int:
    dsn = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return 0
    except psycopg.Error as exc:
        print(f"PostgreSQL 不可用：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
