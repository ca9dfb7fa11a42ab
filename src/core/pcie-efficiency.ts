/**
 * Achievable / nominal host↔device PCIe bandwidth for pinned-memory copies. The only measured figure in
 * the reference data: FlexGen's cost model fitted on a GCP T4 (PCIe 3.0 x16, nominal 15.754 GB/s per
 * direction) gives 12.89 GiB/s CPU→GPU (`ctog_bdw`, FlexGen experimental/cost_model.py). 12.89 · 2³⁰ /
 * 15.754e9 = 0.8785. Applied to both directions and every GPU until per-instance measurements exist
 * (docs/modelling.md says where this is weak). Calibration absorbs the rest.
 */
export const PCIE_ACHIEVABLE_FRACTION = (12.89 * 2 ** 30) / 15.754e9;
