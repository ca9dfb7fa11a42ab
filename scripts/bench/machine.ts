import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  logicalCores: number;
  nodeVersion: string;
  os: string;
  memoryGiB: number;
  date: string;
}

export function machineInfo(now: Date = new Date()): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    logicalCores: list.length,
    nodeVersion: process.version,
    os: `${type()} ${release()}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    date: now.toISOString(),
  };
}

/** 1-, 5- and 15-minute load averages: a load near the core count means other work competed for the CPU. */
export function loadAverages(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [one, five, fifteen].map((x) => Math.round(x * 100) / 100) as [number, number, number];
}
