def hanoi(n, source="A", target="C", spare="B"):
    if n == 1:
        return [(source, target)]
    return (
        hanoi(n - 1, source, spare, target)
        + [(source, target)]
        + hanoi(n - 1, spare, target, source)
    )
