"""Discretion benchmarks (裁量基准): the entries and their import, a case's chosen level and fine, the comparison report."""
