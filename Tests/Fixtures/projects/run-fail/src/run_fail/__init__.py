"""A tiny module with one defect for each tool."""
import os


def add(a: int, b: int) -> int:
    return str(a + b)


def label(name: str) -> str:
    return name.upper( )
