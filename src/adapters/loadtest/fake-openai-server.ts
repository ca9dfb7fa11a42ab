import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** How the fake server answers: a token schedule, or one of the failure modes the bench must survive. */
export interface FakeServerOptions {
  /** Milliseconds from the request to the first token. */
  ttftMs: number;
  /** Milliseconds between tokens after the first. */
  itlMs: number;
  /** Send a final usage chunk (when the request asks for it with stream_options.include_usage). */
  usage?: boolean;
  /** Split every SSE event across two writes, mid-JSON, to exercise the client's reassembly. */
  splitEvents?: boolean;
  mode?: 'stream' | 'http-500' | 'stall' | 'json';
}

export interface FakeServer {
  url: string;
  /** Most requests in progress at once since start. */
  maxInFlight(): number;
  requests(): number;
  close(): Promise<void>;
}

const sleepUntil = (t: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(text) as Record<string, unknown>);
      } catch {
        resolve({});
      }
    });
  });
}

function chunk(chat: boolean, text: string): Record<string, unknown> {
  return chat
    ? { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text } }] }
    : { object: 'text_completion', choices: [{ index: 0, text }] };
}

/**
 * Streams `max_tokens` tokens (" tok") on a fixed schedule measured from the request's arrival: token
 * k (1-based) at ttftMs + (k − 1) · itlMs, each awaited against that absolute time so timer lateness
 * does not accumulate. Serves POST …/completions and …/chat/completions.
 */
async function serve(req: IncomingMessage, res: ServerResponse, o: FakeServerOptions): Promise<void> {
  const arrived = performance.now();
  const body = await readBody(req);
  const chat = (req.url ?? '').endsWith('/chat/completions');
  if (req.method !== 'POST' || !(chat || (req.url ?? '').endsWith('/completions'))) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
    return;
  }
  const mode = o.mode ?? 'stream';
  if (mode === 'http-500') {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"internal server error (fake)"}}');
    return;
  }
  if (mode === 'stall') return; // never answers; the client's timeout must end it
  const tokens = typeof body.max_tokens === 'number' ? body.max_tokens : 16;
  if (mode === 'json') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ choices: [{ text: ' tok'.repeat(tokens) }], usage: { completion_tokens: tokens } }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (data: unknown) => {
    const event = `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
    if (!o.splitEvents) return void res.write(event);
    const half = Math.floor(event.length / 2);
    res.write(event.slice(0, half));
    res.write(event.slice(half));
  };
  if (chat)
    send({
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' } }],
    });
  for (let k = 1; k <= tokens; k += 1) {
    await sleepUntil(arrived + o.ttftMs + (k - 1) * o.itlMs);
    if (res.destroyed) return;
    send(chunk(chat, ' tok'));
  }
  const options = body.stream_options as { include_usage?: unknown } | undefined;
  if (o.usage !== false && options?.include_usage === true) {
    const prompt = typeof body.prompt === 'string' ? body.prompt : JSON.stringify(body.messages ?? '');
    send({ choices: [], usage: { prompt_tokens: prompt.split(' ').length, completion_tokens: tokens } });
  }
  send('[DONE]');
  res.end();
}

/** Starts the fake OpenAI-compatible server on 127.0.0.1 (port 0: a free one). */
export function startFakeOpenAiServer(o: FakeServerOptions, port = 0): Promise<FakeServer> {
  let inFlight = 0;
  let max = 0;
  let count = 0;
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    count += 1;
    max = Math.max(max, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    void serve(req, res, o);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}/v1`,
        maxInFlight: () => max,
        requests: () => count,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
