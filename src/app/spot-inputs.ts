import type { Catalog } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import type { SpotRisk } from '../core/spot-interruption.js';
import type { OptionReader } from './option-reader.js';

/**
 * --spot-interruptions-per-hour and --spot-restart: refused without --pricing spot (both named). With it
 * the rate is required — no default: no provider publishes a per-hour interruption rate to cite (AWS's Spot
 * Instance Advisor gives only monthly frequency bands per instance type and region; GCP and Azure publish
 * none per hour). The restart (replacement) time defaults to 0 for batch work, where it only adds to the
 * expected time; always-on serving (`use: 'serving'`) requires it: the share of time a replica is out is
 * λR/(1 + λR), so R is the figure the SLO impact rests on, and no provider publishes a replacement time.
 */
export function readSpotRisk(
  o: OptionReader,
  pricing: string,
  use: 'batch' | 'serving' = 'batch',
): SpotRisk | undefined {
  const rate = o.positiveNumber('spotInterruptionsPerHour');
  const restart = o.durationSeconds('spotRestart');
  if (pricing !== 'spot') {
    for (const [path, value] of [
      ['spotInterruptionsPerHour', rate],
      ['spotRestart', restart],
    ] as const)
      if (value !== undefined)
        o.issues.push({
          code: 'invalid-option',
          path,
          message: 'applies to spot capacity only: add {{pricing}} spot',
        });
    return undefined;
  }
  if (rate === undefined)
    o.issues.push({
      code: 'missing-option',
      path: 'spotInterruptionsPerHour',
      message:
        'spot capacity can be reclaimed: give the expected interruptions per instance-hour (e.g. 0.05); no provider publishes a per-hour rate to default to — AWS’s Spot Instance Advisor gives monthly bands (a “<5%” band is under 5% of instances interrupted per month, about 0.00007 per hour)',
    });
  if (use === 'serving' && restart === undefined)
    o.issues.push({
      code: 'missing-option',
      path: 'spotRestart',
      message:
        'latency-SLO serving on spot: give the time to replace an interrupted instance and load the model (e.g. 10m) — the share of time a replica is out, and so the SLO risk, rests on it; no provider publishes one to default to',
    });
  if (rate === undefined || (use === 'serving' && restart === undefined)) return undefined;
  return { interruptionsPerHour: rate, restartSeconds: restart ?? 0 };
}

/**
 * `--pricing spot` over clouds none of which has a spot price where it is priced (AWS and Lambda have none
 * at all): the error `spot-unavailable` naming them and the clouds that do have spot prices. Some clouds
 * without: the warning `clouds-without-spot` naming them (their instances are also each rejected with
 * `no-spot-price`). Tell them apart by code.
 */
export function spotUnavailableIssue(
  catalog: Catalog,
  providers: readonly string[],
  regionOf: (provider: string) => string | undefined,
  cloudsWithSpot: readonly string[],
  chosenWith: 'cloud' | 'catalog',
): Issue | undefined {
  const pricesOf = (provider: string) => {
    const region = regionOf(provider);
    return catalog.instances.flatMap((i) =>
      i.provider === provider ? i.prices.filter((p) => p.region === region) : [],
    );
  };
  // A cloud with no price at all in its region is the region check's to report.
  const priced = providers.filter((provider) => pricesOf(provider).length > 0);
  const without = priced.filter(
    (provider) => !pricesOf(provider).some((p) => p.spotUsdPerHour !== undefined),
  );
  if (without.length === 0) return undefined;
  // Some clouds have spot prices: theirs are searched, the others' instances are each rejected; said once.
  if (without.length < priced.length)
    return {
      code: 'clouds-without-spot',
      path: 'pricing',
      details: {
        clouds: without,
        regions: without.map((p) => `${p} ${regionOf(p) ?? ''}`).join(', '),
        searched: priced.filter((p) => !without.includes(p)),
      },
    };
  return {
    code: 'spot-unavailable',
    path: 'pricing',
    details: {
      clouds: without,
      regions: without.map((p) => `${p} ${regionOf(p) ?? ''}`).join(', '),
      chosenWith,
      cloudsWithSpot: cloudsWithSpot.join(', '),
    },
  };
}
