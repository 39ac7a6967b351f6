"""PPID request registers (UU 14/2008) harvested as open datasets."""
