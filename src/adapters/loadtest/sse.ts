/**
 * An incremental Server-Sent Events parser: feed it text as it arrives (a chunk may end mid-line or
 * mid-event) and it returns each complete event's data. `data:` lines of one event are joined by a
 * newline (the SSE rule); comments (`:`), `event:`, `id:` and `retry:` lines are ignored.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  /** The data of every event completed by this chunk. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const events: string[] = [];
    for (;;) {
      const newline = this.buffer.search(/\r\n|\r|\n/);
      if (newline < 0) break;
      // A lone '\r' at the end of the buffer may be the first half of '\r\n': wait for more.
      if (this.buffer[newline] === '\r' && newline === this.buffer.length - 1) break;
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + width);
      this.line(line, events);
    }
    return events;
  }

  /** At the end of the stream: an event not followed by a blank line still counts. */
  end(): string[] {
    const events: string[] = [];
    if (this.buffer.length > 0) this.line(this.buffer.replace(/\r$/, ''), events);
    this.buffer = '';
    if (this.data.length > 0) events.push(this.data.join('\n'));
    this.data = [];
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.startsWith('data:')) {
      const value = line.slice(5);
      this.data.push(value.startsWith(' ') ? value.slice(1) : value);
    }
  }
}

/** What one parsed OpenAI streaming chunk carries. */
export interface ChunkContent {
  /** `choices[0].text` (completions) or `choices[0].delta.content` (chat); '' when absent. */
  text: string;
  completionTokens?: number;
  promptTokens?: number;
  /** An `{"error": …}` object sent in the stream. */
  error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one chunk of an OpenAI-compatible stream (or a non-streaming reply body). */
export function readChunk(json: unknown): ChunkContent {
  if (!isObject(json)) return { text: '' };
  if (json.error !== undefined) {
    const e = json.error;
    return { text: '', error: isObject(e) && typeof e.message === 'string' ? e.message : JSON.stringify(e) };
  }
  const choice = Array.isArray(json.choices) ? json.choices[0] : undefined;
  let text = '';
  if (isObject(choice)) {
    if (typeof choice.text === 'string') text = choice.text;
    else if (isObject(choice.delta) && typeof choice.delta.content === 'string') text = choice.delta.content;
    else if (isObject(choice.message) && typeof choice.message.content === 'string')
      text = choice.message.content;
  }
  const out: ChunkContent = { text };
  const usage = json.usage;
  if (isObject(usage)) {
    if (typeof usage.completion_tokens === 'number') out.completionTokens = usage.completion_tokens;
    if (typeof usage.prompt_tokens === 'number') out.promptTokens = usage.prompt_tokens;
  }
  return out;
}
