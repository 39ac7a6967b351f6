"""The city's performance measures: the SKPK scorecard (``kerangka``: the
frame of measure families and scores; one module per family; ``rapor``:
snapshots, history and the live cache; ``jadwal``: the semester-end
schedule; ``publikasi``: the open dataset) and the PeGI history
(``pegi``)."""
