import { performance } from 'node:perf_hooks';
import { readChunk, SseParser } from './sse.js';

export type Api = 'completions' | 'chat';

export interface RequestSpec {
  /** Base URL ending in the API version, e.g. http://localhost:8000/v1. */
  url: string;
  model: string;
  api: Api;
  prompt: string;
  maxTokens: number;
  /** Send vLLM's `ignore_eos: true` so every request generates `maxTokens`. */
  ignoreEos: boolean;
  timeoutSeconds: number;
}

/** Why a request failed; `label` groups failures in the report. */
export type FailureKind =
  | 'http-status'
  | 'timeout'
  | 'connection-refused'
  | 'not-streaming'
  | 'network'
  | 'stream-error'
  | 'no-tokens';

export interface RequestFailure {
  kind: FailureKind;
  /** Short grouping label: "HTTP 500", "timeout", … */
  label: string;
  detail: string;
}

export interface RequestTiming {
  /** Seconds from sending the request to the first non-empty token chunk. */
  ttft: number;
  /** Seconds from sending to the end of the stream. */
  e2e: number;
  /** (e2e − ttft) / (tokens − 1); undefined with fewer than two tokens. */
  tpot?: number;
  /** Seconds between successive non-empty token chunks. */
  gaps: number[];
  /** usage.completion_tokens when the server sent it, else the number of non-empty chunks. */
  tokens: number;
  tokensFromUsage: boolean;
  promptTokens?: number;
}

export type RequestResult =
  | ({ ok: true; start: number; end: number } & RequestTiming)
  | { ok: false; start: number; end: number; failure: RequestFailure };

export function endpointUrl(base: string, api: Api): string {
  return `${base.replace(/\/+$/, '')}/${api === 'chat' ? 'chat/completions' : 'completions'}`;
}

function body(spec: RequestSpec): string {
  const common = {
    model: spec.model,
    max_tokens: spec.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
    ...(spec.ignoreEos ? { ignore_eos: true } : {}),
  };
  return JSON.stringify(
    spec.api === 'chat'
      ? { ...common, messages: [{ role: 'user', content: spec.prompt }] }
      : { ...common, prompt: spec.prompt },
  );
}

function failure(kind: FailureKind, label: string, detail: string): RequestFailure {
  return { kind, label, detail };
}

/** Maps what fetch threw to a failure: our own timeout, a refused connection, or another network error. */
function thrown(error: unknown, timedOut: boolean, timeoutSeconds: number): RequestFailure {
  if (timedOut) return failure('timeout', 'timeout', `no complete reply within ${timeoutSeconds} s`);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return failure('connection-refused', 'connection refused', message);
  const causeText = typeof cause?.message === 'string' ? `: ${cause.message}` : '';
  return failure('network', code ? `network (${code})` : 'network', `${message}${causeText}`);
}

/**
 * Sends one streaming request and times it. Never throws: HTTP errors, timeouts, refused connections,
 * non-streaming replies and error events come back as failures.
 */
export async function timeRequest(spec: RequestSpec): Promise<RequestResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, spec.timeoutSeconds * 1000);
  const start = performance.now();
  const fail = (f: RequestFailure): RequestResult => ({
    ok: false,
    start,
    end: performance.now(),
    failure: f,
  });
  try {
    const response = await fetch(endpointUrl(spec.url, spec.api), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: body(spec),
      signal: controller.signal,
    });
    if (!response.ok) {
      const text = (await response.text()).slice(0, 200);
      return fail(failure('http-status', `HTTP ${response.status}`, text.trim()));
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream') || !response.body) {
      const text = (await response.text()).slice(0, 200);
      return fail(
        failure('not-streaming', 'not streaming', `content-type '${type || 'none'}': ${text.trim()}`),
      );
    }
    return await readStream(response.body, start, fail);
  } catch (error) {
    return fail(thrown(error, timedOut, spec.timeoutSeconds));
  } finally {
    clearTimeout(timer);
  }
}

async function readStream(
  stream: ReadableStream<Uint8Array>,
  start: number,
  fail: (f: RequestFailure) => RequestResult,
): Promise<RequestResult> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let first: number | undefined;
  let last: number | undefined;
  const gaps: number[] = [];
  let chunks = 0;
  let usageTokens: number | undefined;
  let promptTokens: number | undefined;
  let error: string | undefined;
  let done = false;
  const handle = (data: string, now: number) => {
    if (data.trim() === '[DONE]') {
      done = true;
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      error = `unparsable event: ${data.slice(0, 80)}`;
      return;
    }
    const c = readChunk(json);
    if (c.error !== undefined) error = c.error;
    if (c.completionTokens !== undefined) usageTokens = c.completionTokens;
    if (c.promptTokens !== undefined) promptTokens = c.promptTokens;
    if (c.text.length === 0) return;
    chunks += 1;
    if (first === undefined) first = now;
    else if (last !== undefined) gaps.push((now - last) / 1000);
    last = now;
  };
  for await (const bytes of stream as unknown as AsyncIterable<Uint8Array>) {
    const now = performance.now();
    for (const data of parser.push(decoder.decode(bytes, { stream: true }))) handle(data, now);
    if (done || error !== undefined) break;
  }
  const end = performance.now();
  for (const data of parser.end()) handle(data, end);
  if (error !== undefined) return fail(failure('stream-error', 'error in stream', error));
  if (first === undefined) return fail(failure('no-tokens', 'no tokens', 'the stream carried no token text'));
  const tokens = usageTokens !== undefined && usageTokens > 0 ? usageTokens : chunks;
  const ttft = (first - start) / 1000;
  const e2e = (end - start) / 1000;
  return {
    ok: true,
    start,
    end,
    ttft,
    e2e,
    ...(tokens > 1 ? { tpot: (e2e - ttft) / (tokens - 1) } : {}),
    gaps,
    tokens,
    tokensFromUsage: usageTokens !== undefined && usageTokens > 0,
    ...(promptTokens !== undefined ? { promptTokens } : {}),
  };
}
