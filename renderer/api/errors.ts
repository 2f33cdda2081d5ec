import type { AkrabErrorShape } from '../../shared/errors';
import { CallError } from './client';

/** The core's error for a failed call; anything else (a dropped connection, a bug) becomes `error.internal`. */
export function errorShapeOf(error: unknown): AkrabErrorShape {
  if (error instanceof CallError) return error.error;
  console.error(error);
  return { code: 'internal', messageKey: 'error.internal' };
}

/**
 * Field → message key, from a validation error's issues (or the error itself when it names one field).
 * Schema issues carry the path inside the call's input (`draft.fullName`, `patch.email`): the form knows the last part.
 */
export function fieldErrors(shape: AkrabErrorShape): Record<string, Message> {
  const out: Record<string, Message> = {};
  for (const issue of shape.issues ?? [shape]) {
    const field = issue.field?.split('.').at(-1);
    if (field && !out[field]) out[field] = { key: issue.messageKey, params: issue.params };
  }
  return out;
}

/** A message key and its parameters, ready for `t(key, params)`. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}
