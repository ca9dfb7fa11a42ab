import { describe, expect, it } from 'vitest';
import { readChunk, SseParser } from './sse.js';

const STREAM =
  'data: {"choices":[{"text":"a"}]}\n\n: comment\nevent: message\ndata: {"choices":[{"delta":{"content":"b"}}]}\r\n\r\n' +
  'data: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2}}\n\ndata: [DONE]\n\n';

describe('SseParser', () => {
  it('yields the same events however the stream is split across reads', () => {
    const whole = new SseParser();
    const expected = [...whole.push(STREAM), ...whole.end()];
    expect(expected).toHaveLength(4);
    expect(expected[3]).toBe('[DONE]');
    for (let cut = 1; cut < STREAM.length; cut += 1) {
      const p = new SseParser();
      const got = [...p.push(STREAM.slice(0, cut)), ...p.push(STREAM.slice(cut)), ...p.end()];
      expect(got).toEqual(expected);
    }
    const bytewise = new SseParser();
    expect([...[...STREAM].flatMap((c) => bytewise.push(c)), ...bytewise.end()]).toEqual(expected);
  });

  it('joins multi-line data and flushes an unterminated last event', () => {
    const p = new SseParser();
    expect(p.push('data: one\ndata:two\n\ndata: tail')).toEqual(['one\ntwo']);
    expect(p.end()).toEqual(['tail']);
  });
});

describe('readChunk', () => {
  it('reads completions text, chat deltas, usage and in-stream errors', () => {
    expect(readChunk({ choices: [{ text: 'x' }] })).toEqual({ text: 'x' });
    expect(readChunk({ choices: [{ delta: { role: 'assistant' } }] })).toEqual({ text: '' });
    expect(readChunk({ choices: [], usage: { completion_tokens: 5, prompt_tokens: 9 } })).toEqual({
      text: '',
      completionTokens: 5,
      promptTokens: 9,
    });
    expect(readChunk({ error: { message: 'boom' } }).error).toBe('boom');
    expect(readChunk('nonsense')).toEqual({ text: '' });
  });
});
