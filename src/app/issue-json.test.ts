import { describe, expect, it } from 'vitest';
import { issueJson, withWordedWarnings } from './issue-json.js';

describe('issues in JSON answers', () => {
  it('carry their code, their sentence with JSON field names, and their details', () => {
    const json = issueJson({ code: 'unknown-model', path: 'model', details: { value: 'opt-x' } });
    expect(json.code).toBe('unknown-model');
    expect(json.message).toContain("unknown model 'opt-x'");
    expect(json.message).toContain('modelConfig');
    expect(json.details).toEqual({ value: 'opt-x' });
    expect(issueJson({ code: 'efficiency-estimated' }).details).toEqual({});
  });

  it('word a result’s warnings and leave the rest of it as it is', () => {
    const worded = withWordedWarnings({
      total: 3,
      warnings: [{ code: 'efficiency-estimated', details: { gpu: 'A10G' } }],
    });
    expect(worded.total).toBe(3);
    expect(worded.warnings[0]?.message).toMatch(/A10G/);
    expect(worded.warnings[0]?.message).not.toBe('efficiency-estimated');
  });
});
