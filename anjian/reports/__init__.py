"""统计排名与通报: rank per-unit tables (uploaded or computed) and render bulletins (web, Word, XLSX)."""
