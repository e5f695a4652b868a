"""Masking of personal data for display: the one place that says how a name, a phone or an ID number looks to
someone who may not read it in full."""


def mask_name(value: str | None) -> str:
    """`王小明` -> `王*明`, `王明` -> `王*`, `欧阳小明` -> `欧**明`: the first and (from three characters) the last
    character stay."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) == 1:
        return "*"
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_id_number(value: str | None) -> str:
    """`330203199001011234` -> `3302**********1234`: the first four and the last four stay."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """`13812345678` -> `138****5678`."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
