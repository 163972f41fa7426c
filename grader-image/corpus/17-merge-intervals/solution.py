def merge(intervals):
    for interval in intervals:
        if interval[0] > interval[1]:
            raise ValueError(f"bad interval {tuple(interval)}")
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
