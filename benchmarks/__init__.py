"""landsea's benchmarks: peers and landsea side by side in one run, printed as ratios."""
