import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  CalibrateFields,
  CapacityFields,
  PredictFields,
  RecommendFields,
  RecommendLatencyFields,
  SimulateFields,
} from '../../app/request-schemas.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { buildProgram } from './program.js';

const program = buildProgram(fsPlannerData, { out: () => {}, err: () => {}, exit: () => {} });

/** Each flag of a command, as the request field it sets (commander's attribute name). */
function flagFields(command: string): string[] {
  const cmd = program.commands.find((c) => c.name() === command) as Command;
  return cmd.options.map((o) => o.attributeName());
}

/** Flags that are the CLI's own: output choices, and files on the machine that runs the command (and the name of a --model-config checkpoint). */
const CLI_ONLY = [
  'json',
  'request',
  'csv',
  'force',
  'servedModelName',
  'emit',
  'emitOut',
  'out',
  'modelConfig',
  'trace',
  'traceFormat',
  'onBadRow',
  'first',
  'timeline',
  'timelineInterval',
];

describe('every use case takes the same fields on every surface', () => {
  const cases: [string, string[]][] = [
    ['recommend', [...Object.keys(RecommendFields.shape), ...Object.keys(RecommendLatencyFields.shape)]],
    ['predict', Object.keys(PredictFields.shape)],
    ['simulate', Object.keys(SimulateFields.shape)],
    ['capacity', Object.keys(CapacityFields.shape)],
  ];
  it.each(cases)(
    '%s: each request field is a flag, and each flag but the CLI’s own is a field',
    (command, fields) => {
      const flags = flagFields(command);
      expect(fields.filter((f) => !flags.includes(f))).toEqual([]);
      expect(flags.filter((f) => !fields.includes(f) && !CLI_ONLY.includes(f))).toEqual([]);
    },
  );

  it('calibrate: each flag but the CLI’s own is a field (the files are the measurements field)', () => {
    const fields = Object.keys(CalibrateFields.shape);
    expect(flagFields('calibrate').filter((f) => !fields.includes(f) && !CLI_ONLY.includes(f))).toEqual([]);
  });
});
