/**
 * A small seeded pseudo-random source: xoshiro128** (Blackman and Vigna, 2018) seeded by splitmix32.
 * The same seed (and stream) always gives the same sequence, on every platform, so synthetic workloads and
 * simulations are reproducible. Not for cryptography.
 */

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** splitmix32: a 32-bit state that is advanced by the golden ratio and hashed; used only for seeding. */
function splitmix32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  /**
   * @param seed an integer; only its low 32 bits are used.
   * @param stream an integer selecting an independent sequence for the same seed (0: the seed's own), so
   *   that, say, arrivals and lengths draw from separate streams and changing one leaves the other alone.
   */
  constructor(seed: number, stream = 0) {
    if (!Number.isInteger(seed)) throw new RangeError(`Random: seed must be an integer, got ${seed}`);
    if (!Number.isInteger(stream)) throw new RangeError(`Random: stream must be an integer, got ${stream}`);
    const next = splitmix32(seed);
    const words = [next(), next(), next(), next()];
    if (stream !== 0) {
      const mix = splitmix32(stream ^ 0x632be5ab);
      for (let i = 0; i < 4; i++) words[i] = ((words[i] ?? 0) ^ mix()) >>> 0;
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    // xoshiro's state must not be all zero (splitmix32 makes this practically impossible; guard anyway).
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit unsigned integer, uniform on [0, 2^32). */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits (two draws). */
  float(): number {
    const high = this.uint32() >>> 5; // 27 bits
    const low = this.uint32() >>> 6; // 26 bits
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** A uniform integer in [min, max], both inclusive. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** Exponential with mean 1 (inversion: −ln(1 − u), u ∈ [0, 1), never infinite). */
  exponential(): number {
    return -Math.log(1 - this.float());
  }

  /** Standard normal (mean 0, variance 1), Marsaglia's polar method; the second value is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    for (;;) {
      const u = 2 * this.float() - 1;
      const v = 2 * this.float() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * factor;
        return u * factor;
      }
    }
  }

  /**
   * Gamma with the given shape and scale 1 (mean = shape, variance = shape), Marsaglia and Tsang (2000).
   * Shapes below 1 use the boost X·U^(1/shape) with X ~ Gamma(shape + 1).
   */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) {
      throw new RangeError(`Random.gamma: shape must be positive and finite, got ${shape}`);
    }
    if (shape < 1) return this.gamma(shape + 1) * (1 - this.float()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const base = 1 + c * x;
      if (base <= 0) continue;
      const v = base * base * base;
      const u = this.float();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}
