import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.js';

describe('didYouMean', () => {
  const instances = ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge', 'p4d.24xlarge'];

  it('suggests g5.xlarge for the typo g5.xlarg', () => {
    expect(didYouMean('g5.xlarg', instances)).toBe('g5.xlarge');
  });

  it('matches a model by its name without the organisation', () => {
    expect(didYouMean('opt-2.7b', ['facebook/opt-2.7b', 'facebook/opt-1.3b'])).toBe('facebook/opt-2.7b');
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(didYouMean('banana', instances)).toBeUndefined();
  });
});
