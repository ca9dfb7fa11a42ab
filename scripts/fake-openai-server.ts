/**
 * A fake OpenAI-compatible server that streams tokens on a fixed schedule, for trying `infersave bench`
 * without a GPU:
 *
 *   npx tsx scripts/fake-openai-server.ts [--port 8000] [--ttft-ms 50] [--itl-ms 10]
 *
 * Serves POST /v1/completions and /v1/chat/completions (SSE, with usage when asked) until Ctrl-C.
 */
import { startFakeOpenAiServer } from '../src/adapters/loadtest/fixtures/fake-openai-server.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
}

const server = await startFakeOpenAiServer(
  { ttftMs: flag('--ttft-ms', 50), itlMs: flag('--itl-ms', 10) },
  flag('--port', 8000),
);
console.log(
  `fake OpenAI server on ${server.url} (TTFT ${flag('--ttft-ms', 50)} ms, ${flag('--itl-ms', 10)} ms/token); Ctrl-C stops`,
);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
