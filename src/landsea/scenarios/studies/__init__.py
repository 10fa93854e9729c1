"""Studies of the paper run on the corridor model: which years, pairs and figures to compare.

`railway`: mode shares without and with the China-Laos Railway. `backhaul`: the Chongqing
cross-border shuttles, loaded out and back, beside the paper's count. The engines they call
(`landsea.assignment`) hold the general mechanisms; the studies hold the choices.
"""
