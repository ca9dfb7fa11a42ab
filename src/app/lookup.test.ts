import { describe, expect, it } from 'vitest';
import { lookupById } from './lookup.js';

const models = [{ id: 'facebook/opt-2.7b' }, { id: 'facebook/opt-1.3b' }, { id: 'meta-llama/Llama-3.1-8B' }];

describe('lookupById', () => {
  it('finds exact, case-folded and organisation-less ids', () => {
    expect(lookupById(models, 'facebook/opt-2.7b', 'unknown-model', '--model').ok).toBe(true);
    expect(lookupById(models, 'meta-llama/llama-3.1-8b', 'unknown-model', '--model').ok).toBe(true);
    const r = lookupById(models, 'opt-1.3b', 'unknown-model', '--model');
    expect(r.ok && r.value.id).toBe('facebook/opt-1.3b');
  });

  it('fails with a did-you-mean suggestion', () => {
    const r = lookupById(models, 'facebook/opt-2.7', 'unknown-model', '--model');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues[0]?.details).toMatchObject({
        value: 'facebook/opt-2.7',
        suggestion: 'facebook/opt-2.7b',
      });
  });
});
