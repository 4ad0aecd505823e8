"""A tiny module the fixture's tools check."""


def add(a: int, b: int) -> int:
    return a + b
