import { contract, type CallName } from '../../../shared/contract';
import { AkrabError, type AkrabErrorShape } from '../../../shared/errors';
import { fieldIssues, validationFailure } from '../customers/validateDraft';
import type { Handlers } from './handlers';

export type CallResult = { ok: true; value: unknown } | { ok: false; error: AkrabErrorShape };

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name);
}

/**
 * The boundary every transport (Electron IPC, the web harness) goes through: the call must be in the contract,
 * its input is validated by the contract's schema, and failures come back as typed errors, never as stack traces.
 */
export function dispatch(handlers: Handlers, name: string, rawInput: unknown): CallResult {
  if (!isCallName(name)) return { ok: false, error: { code: 'not_found', messageKey: 'error.unknown_call' } };
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: validationFailure(fieldIssues(parsed.error)).toJSON() };
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    return { ok: true, value: handler(parsed.data) };
  } catch (error) {
    if (error instanceof AkrabError) return { ok: false, error: error.toJSON() };
    console.error(`call ${name} failed`, error);
    return { ok: false, error: { code: 'internal', messageKey: 'error.internal' } };
  }
}
