import { asyncCalls, contract, type CallName } from '../../../shared/contract';
import { AkrabError, type AkrabErrorShape } from '../../../shared/errors';
import { isUnsafeText } from '../../../shared/text';
import { audit } from '../auth/auditLog';
import { runHooked } from '../auth/callAudit';
import { callRules, checkAccess } from '../auth/permissions';
import { roleRank } from '../auth/roles';
import { fieldIssues, validationFailure } from '../customers/validateDraft';
import type { Core } from './core';

export type CallResult = { ok: true; value: unknown } | { ok: false; error: AkrabErrorShape };

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contract, name);
}

/** Calls at manager level and above need a session opened with the password, not just the counter PIN. */
export function needsPassword(name: CallName): boolean {
  const rule = callRules[name];
  return rule !== 'anyone' && roleRank[rule] >= roleRank.manager;
}

/**
 * The boundary every transport (Electron IPC, the web harness, the tests' client) goes through: the call must be
 * in the contract and allowed to the connection's signed-in staff member (refusals are audited), its input is
 * validated by the contract's schema, and failures come back as typed errors, never as stack traces.
 * Synchronous calls only; transports use dispatchCall, which also runs the asynchronous ones (asyncCalls).
 */
export function dispatch(core: Core, name: string, rawInput: unknown): CallResult {
  const call = admit(core, name, rawInput);
  if (!('run' in call)) return call;
  if (asyncCallNames.has(name)) throw new Error(`${name} is asynchronous: dispatch it with dispatchCall`);
  try {
    return { ok: true, value: call.run() };
  } catch (error) {
    return failure(name, error);
  }
}

/** dispatch for every call: an asynchronous call's result is awaited, its failure typed like any other. */
export async function dispatchCall(core: Core, name: string, rawInput: unknown): Promise<CallResult> {
  const call = admit(core, name, rawInput);
  if (!('run' in call)) return call;
  try {
    return { ok: true, value: await call.run() };
  } catch (error) {
    return failure(name, error);
  }
}

const asyncCallNames = new Set<string>(asyncCalls);

/** The checks before a call runs: a refusal, or the call to run with its parsed input. */
function admit(core: Core, name: string, rawInput: unknown): CallResult | { run: () => unknown } {
  if (!isCallName(name)) return { ok: false, error: { code: 'not_found', messageKey: 'error.unknown_call' } };
  const { store } = core;
  const session = core.session.current();
  const access = checkAccess(name, session);
  const refusal: AkrabErrorShape | null = !access.allowed
    ? access.reason === 'signed_out'
      ? { code: 'unauthorized', messageKey: 'error.sign_in_required' }
      : { code: 'forbidden', messageKey: 'error.forbidden_role', params: { role: callRules[name] } }
    : needsPassword(name) && core.session.method !== 'password'
      ? { code: 'unauthorized', messageKey: 'error.password_required' }
      : null;
  if (refusal) {
    audit(store, session, { action: 'access.denied', call: name, outcome: 'denied', details: { reason: refusal.messageKey } });
    return { ok: false, error: refusal };
  }
  // Writes are stamped with the staff member of this connection.
  store.staff = session?.name ?? null;
  store.authority = core.session.authority;
  if (session && callRules[name] !== 'anyone') core.session.touch();
  const badText = unsafeTextPath(rawInput);
  if (badText !== null) return { ok: false, error: { code: 'validation', messageKey: 'error.text_invalid', field: badText } };
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: validationFailure(fieldIssues(parsed.error)).toJSON() };
  const handler = core.handlers[name] as (input: unknown) => never;
  return { run: () => runHooked(name, { store, session }, parsed.data as never, handler) };
}

function failure(name: string, error: unknown): CallResult {
  if (error instanceof AkrabError) return { ok: false, error: error.toJSON() };
  console.error(`call ${name} failed`, error);
  return { ok: false, error: { code: 'internal', messageKey: 'error.internal' } };
}

/**
 * The path of the first string in an input that no text field should hold: control characters, or a lone
 * UTF-16 surrogate (which JSON allows but SQLite and every export would mangle). Null when all is well.
 */
export function unsafeTextPath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return isUnsafeText(value) ? path || 'input' : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = unsafeTextPath(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
