def hanoi(n, source="A", target="C", spare="B"):
    return []
