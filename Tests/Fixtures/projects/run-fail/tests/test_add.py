from run_fail import add


def test_add() -> None:
    assert add(2, 3) == 6
