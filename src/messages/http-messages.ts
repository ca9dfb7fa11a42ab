import type { Issue } from '../core/issue.js';
import { fieldRef } from './wording.js';

/** "<label>: <the issue's own message, or a default>". */
const labelled = (label: string, fallback: string) => (issue: Issue) =>
  `${label}: ${issue.message ?? fallback}`;

/** Sentences for the HTTP API's own issue codes (the planner's codes keep their usual sentences). */
export const httpMessages: Record<string, (issue: Issue) => string> = {
  'body-too-large': labelled('request body too large', "it is over this server's limit"),
  'unsupported-media-type': labelled('unsupported media type', 'send the body as application/json'),
  'malformed-json': labelled('malformed JSON body', 'the request body is not valid JSON'),
  'method-not-allowed': labelled(
    'method not allowed',
    'this route does not take that method (see /openapi.json)',
  ),
  'not-found': labelled('not found', 'no such route (see /openapi.json)'),
  'internal-error': labelled('internal error', 'this is a bug in infersave, please report it'),
  'invalid-field': (i) =>
    `invalid field ${i.path === undefined ? 'in the body' : fieldRef(i.path)}: ${i.message ?? 'invalid value'}`,
  'grid-too-large': labelled(
    'request too large',
    "too many placements for this server's limit: narrow instances or precision",
  ),
  'simulation-too-large': labelled(
    'request too large',
    "too many synthetic requests for this server's limit: lower requests or duration",
  ),
  'shutting-down': labelled('unavailable', 'the server is shutting down'),
  'queue-full': labelled(
    'server busy',
    'all workers are busy and the queue is full: retry after Retry-After seconds',
  ),
  'queue-timeout': labelled(
    'server busy',
    'the request waited its whole time limit for a worker: retry after Retry-After seconds',
  ),
  'json-too-deep': labelled(
    'JSON nested too deeply',
    "the body nests objects or arrays deeper than this server's limit",
  ),
  'input-not-transferable': labelled('request body not usable', 'send a flatter JSON object'),
  'host-not-allowed': labelled(
    'host not allowed',
    'this server answers only requests addressed to its own names',
  ),
  'missing-token': labelled('unauthorized', 'send the header Authorization: Bearer <token>'),
  'invalid-token': labelled('unauthorized', 'the bearer token does not match'),
  'rate-limited': labelled('too many requests', 'retry after Retry-After seconds'),
  timeout: labelled('timed out', "the request took longer than this server's limit"),
};
