import type { PlannerData } from '../cli/planner-data.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp, inlineRunner } from './create-app.js';
import { DEFAULT_LIMITS, type HttpLimits } from './operations.js';
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
 * `infersave serve [--port 8080] [--host 127.0.0.1]`: the HTTP API until SIGINT/SIGTERM. Recommend and
 * predict run on a pool of worker threads over the installed data (inline for other data, e.g. tests).
 */
export async function runServe(
  raw: Record<string, unknown>,
  data: PlannerData,
  io: ServeIo,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const portText = String(raw.port ?? '8080');
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port > 65535) {
    return { exitCode: 2, stdout: '', stderr: `error: --port: '${portText}' is not a port (0–65535)\n` };
  }
  const host = String(raw.host ?? '127.0.0.1');
  const limits: HttpLimits = { ...DEFAULT_LIMITS };
  const workers = Number(raw.workers ?? 2);
  if (!Number.isSafeInteger(workers) || workers < 0 || workers > 8) {
    return { exitCode: 2, stdout: '', stderr: `error: --workers: '${raw.workers}' must be 0–8\n` };
  }
  const pool =
    data === fsPlannerData && workers > 0
      ? new WorkerPool({ size: workers, limits, maxQueued: 64 })
      : undefined;
  const app = createApp(data, limits, pool ? pool.run : inlineRunner(data, limits));
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
  io.out(`infersave API listening on ${server.url} (OpenAPI: ${server.url}/openapi.json); Ctrl-C stops\n`);
  await (io.stopSignal ?? untilSignal());
  await server.close();
  await pool?.close();
  return { exitCode: 0, stdout: 'infersave API stopped\n', stderr: '' };
}
