"""The draw task page's strata as posted by the form (a formset: choices, no typed codes), from the short text the
tests write them in: ``label | industries | classes | quota [| region prefix]``, one stratum per line."""


def strata_post(text: str, *, blank_rows: int = 0) -> dict:
    data: dict = {}
    lines = [line for line in text.splitlines() if line.strip()]
    for n, line in enumerate(lines):
        parts = [p.strip() for p in line.split("|")] + [""]
        data[f"strata-{n}-label"] = parts[0]
        data[f"strata-{n}-industries"] = [c.strip() for c in parts[1].split(",") if c.strip()]
        data[f"strata-{n}-supervision_classes"] = [c.strip() for c in parts[2].split(",") if c.strip()]
        data[f"strata-{n}-quota"] = parts[3]
        data[f"strata-{n}-region_prefix"] = parts[4]
    for n in range(len(lines), len(lines) + blank_rows):
        data.update({f"strata-{n}-label": "", f"strata-{n}-quota": "", f"strata-{n}-region_prefix": ""})
    data.update({"strata-TOTAL_FORMS": str(len(lines) + blank_rows), "strata-INITIAL_FORMS": "0",
                 "strata-MIN_NUM_FORMS": "0", "strata-MAX_NUM_FORMS": "100"})
    return data


def task_post(data: dict) -> dict:
    """``data`` with its "strata" text turned into the formset's fields."""
    out = dict(data)
    out.update(strata_post(out.pop("strata")))
    return out
