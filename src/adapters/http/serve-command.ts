import type { PlannerData } from '../../app/planner-data.js';
import { describeIssue } from '../../messages/messages.js';
import { CLI_WORDING } from '../../messages/wording.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp, inlineRunner } from './create-app.js';
import { isHeavyRequest } from './heavy-request.js';
import { readServeSettings } from './serve-options.js';
import { startServer } from './start-server.js';
import { WorkerPool } from './worker-pool.js';

export interface ServeIo {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the server should stop (SIGINT/SIGTERM in the CLI; a test's own signal). */
  stopSignal?: Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `infersave serve [--port 8080] [--host 127.0.0.1] [--token …] [--cors-origin …] [--rate-limit N]`: the HTTP
 * API until SIGINT/SIGTERM. Recommend, predict, simulate and calibrate run on a pool of worker threads over
 * the installed data (inline for other data, e.g. tests).
 */
export async function runServe(
  raw: Record<string, unknown>,
  data: PlannerData,
  io: ServeIo,
  env: Record<string, string | undefined> = process.env,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const read = readServeSettings(raw, env);
  if (!read.ok) {
    const lines = read.issues.map((i) => `error: ${describeIssue(i, CLI_WORDING)}`);
    return { exitCode: 2, stdout: '', stderr: `${lines.join('\n')}\n(see: infersave serve --help)\n` };
  }
  const { port, host, workers, limits, guards } = read.value;
  const pool =
    data === fsPlannerData && workers > 0
      ? new WorkerPool({ size: workers, limits, maxQueued: limits.maxQueued, isHeavy: isHeavyRequest })
      : undefined;
  const app = createApp(data, limits, pool ? pool.run : inlineRunner(data, limits), guards);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(app, port, host);
  } catch (error) {
    await pool?.close();
    return {
      exitCode: 1,
      stdout: '',
      stderr: `error: cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}\n`,
    };
  }
  const secured = guards.token !== undefined ? '; bearer token required on /v1' : '';
  io.out(
    `infersave API listening on ${server.url} (OpenAPI: ${server.url}/openapi.json${secured}); Ctrl-C stops\n`,
  );
  await (io.stopSignal ?? untilSignal());
  await server.close();
  await pool?.close();
  return { exitCode: 0, stdout: 'infersave API stopped\n', stderr: '' };
}
