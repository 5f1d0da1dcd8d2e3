"""The stakeholders stage: the RACI matrix, its department view, fixes, the silo heatmap, power and interest."""
