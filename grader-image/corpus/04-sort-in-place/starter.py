def sort_in_place(numbers):
    # TODO: rearrange `numbers` itself; return nothing.
    pass
