/**
 * The units data files publish in, as multiples of the base units core uses. Data keys name their unit
 * (`memoryGiB`, `hbmGBPerSecond`, `fp16DenseTflops`); the catalog parsers multiply by these exactly once.
 */
export const BYTES_PER_GB = 1e9;
export const BYTES_PER_GIB = 2 ** 30;
export const BYTES_PER_MIB = 2 ** 20;
/** TFLOPS and TOPS alike: 10^12 operations per second. */
export const OPS_PER_TERA = 1e12;
