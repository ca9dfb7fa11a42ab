import { type Command, CommanderError } from 'commander';
import type { z } from 'zod';
import {
  CapacityFields,
  CompareApiFields,
  PredictFields,
  RecommendFields,
  RecommendLatencyFields,
  SimulateFields,
} from '../../app/request-schemas.js';
import { schemaIssues } from '../../catalog/schema-issues.js';
import { fail, ok, type Result } from '../../core/issue.js';
import { readStructuredFile } from '../fs/read-structured-file.js';
import { renderErrors } from '../text/render-issues.js';

/** Each command's request schema: the one its HTTP endpoint and the library take. */
const SCHEMAS: Record<string, z.ZodObject> = {
  // recommend takes a throughput SLO or latency SLOs: either request's fields (a config.json is a flag's file).
  recommend: RecommendLatencyFields.extend(RecommendFields.shape).omit({ modelConfig: true }),
  predict: PredictFields,
  simulate: SimulateFields,
  capacity: CapacityFields,
  'compare-api': CompareApiFields.omit({ modelConfig: true }),
};

/** A request file's fields, any subset of the schema's, checked against it (unknown fields refused). */
export function readRequestFile(path: string, schema: z.ZodObject): Result<Record<string, unknown>> {
  const read = readStructuredFile(path, 'request');
  if (!read.ok) return read;
  const parsed = schema.partial().safeParse(read.value);
  if (!parsed.success) {
    return fail(
      ...schemaIssues(parsed.error).map((i) => ({
        code: 'invalid-option',
        path: 'request',
        message: `${path}: ${i.path}: ${i.message}${Array.isArray(i.details?.keys) ? ` (${i.details.keys.join(', ')})` : ''}`,
      })),
    );
  }
  return ok(parsed.data as Record<string, unknown>);
}

/**
 * `--request plan.yaml|json` on each command with a request schema: its fields kept in a file (versioned
 * like a SkyPilot task file), checked against the same schema as the HTTP body, and flags given on the
 * command line override it. A bad file is bad input: every problem listed, exit 2.
 */
export function addRequestFiles(program: Command, err: (text: string) => void): void {
  for (const cmd of program.commands) {
    const schema = SCHEMAS[cmd.name()];
    if (!schema) continue;
    cmd.option(
      '--request <file>',
      'JSON or YAML file of this command’s fields (camelCase); flags override it',
    );
    cmd.hook('preAction', (command) => {
      const file = command.getOptionValue('request');
      if (typeof file !== 'string') return;
      const fields = readRequestFile(file, schema);
      if (!fields.ok) {
        err(renderErrors(fields.issues, command.name()));
        throw new CommanderError(2, 'commander.invalidRequestFile', 'invalid --request file');
      }
      for (const [key, value] of Object.entries(fields.value)) {
        if (command.getOptionValueSource(key) === 'cli') continue;
        command.setOptionValueWithSource(key, Array.isArray(value) ? value.join(',') : value, 'config');
      }
    });
  }
}
