import type { z } from 'zod';
import {
  enrolResponseSchema,
  errorBodySchema,
  pullResponseSchema,
  pushResponseSchema,
  parseSnapshotResponse,
  loyaltyBalanceResponseSchema,
  type LoyaltyBalanceRequest,
  type LoyaltyBalanceResponse,
  type EnrolRequest,
  type EnrolResponse,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SnapshotRequest,
  type SnapshotResponse,
} from './protocol';
import { fetchTrusting, isCertificateError } from './serverTrust';

export type SyncErrorCode =
  | 'unreachable'
  | 'certificate_untrusted'
  | 'timeout'
  | 'server_error'
  | 'bad_response'
  | 'unauthorized'
  | 'device_revoked'
  | 'enrolment_code_invalid'
  | 'not_enrolled'
  | 'rate_limited'
  | 'device_id_taken'
  | 'clock_ahead'
  | 'resync_required'
  | 'rejected'
  // Loyalty (issue 17): the server's balance is read only for a signed-in staff member who may redeem.
  | 'staff_signature_required'
  | 'loyalty_read_not_permitted';

/** A sync failure with a stable code and a message key for the UI; `retryable` drives the backoff. */
export class SyncError extends Error {
  readonly messageKey: string;
  constructor(
    readonly code: SyncErrorCode,
    readonly retryable: boolean,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'SyncError';
    this.messageKey = `error.sync.${code}`;
  }
}

export interface SyncClientOptions {
  serverUrl: string;
  token?: string | null;
  timeoutMs?: number;
  /** A private certificate (PEM) to trust for this server, besides the system's roots. */
  ca?: string | null;
  /** Injected by tests to drop answers and duplicate requests. */
  fetch?: typeof fetch;
}

/** The HTTP side of the engine: one method per server endpoint, with timeouts and typed failures. */
export class SyncClient {
  private readonly fetchImpl: typeof fetch;
  readonly serverUrl: string;

  constructor(private readonly options: SyncClientOptions) {
    this.fetchImpl = options.fetch ?? (options.ca ? fetchTrusting(options.ca) : fetch);
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
  }

  enrol(body: EnrolRequest): Promise<EnrolResponse> {
    return this.post('/enrol', body, enrolResponseSchema, false);
  }

  push(body: PushRequest): Promise<PushResponse> {
    return this.post('/sync/push', body, pushResponseSchema, true);
  }

  pull(body: PullRequest): Promise<PullResponse> {
    return this.post('/sync/pull', body, pullResponseSchema, true);
  }

  snapshot(body: SnapshotRequest): Promise<SnapshotResponse> {
    return this.post('/sync/snapshot', body, parseSnapshotResponse, true);
  }

  loyaltyBalance(body: LoyaltyBalanceRequest): Promise<LoyaltyBalanceResponse> {
    return this.post('/loyalty/balance', body, loyaltyBalanceResponseSchema, true);
  }

  /** `answer` is a zod schema, or a function that checks the answer and returns it (or null). */
  private async post<T>(path: string, body: unknown, answer: z.ZodType<T> | ((json: unknown) => T | null), authenticated: boolean): Promise<T> {
    if (authenticated && !this.options.token) throw new SyncError('not_enrolled', false);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authenticated) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.serverUrl}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new SyncError('timeout', true, path);
      if (isCertificateError(error)) throw new SyncError('certificate_untrusted', true, (error as Error & { cause?: Error }).cause?.message);
      throw new SyncError('unreachable', true, (error as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SyncError(response.status >= 500 ? 'server_error' : 'bad_response', true, `${response.status} ${path}`);
    }
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      const code = parsed.success ? parsed.data.error.code : '';
      if (response.status >= 500) throw new SyncError('server_error', true, `${response.status} ${code}`);
      // Slowed down, not refused: the engine backs off and tries again.
      if (response.status === 429) throw new SyncError('rate_limited', true);
      if (code === 'device_revoked') throw new SyncError('device_revoked', false);
      if (code === 'enrolment_code_invalid') throw new SyncError('enrolment_code_invalid', false);
      if (code === 'device_id_taken') throw new SyncError('device_id_taken', false);
      // The changes after this device's cursor were pruned: it bootstraps again (syncEngine.pull).
      if (code === 'resync_required') throw new SyncError('resync_required', true);
      if (code === 'loyalty_read_not_permitted') throw new SyncError('loyalty_read_not_permitted', false);
      if (response.status === 401) throw new SyncError('unauthorized', false);
      throw new SyncError('rejected', false, `${response.status} ${code}`);
    }
    if (typeof answer === 'function') {
      const checked = answer(json);
      if (checked === null) throw new SyncError('bad_response', true, path);
      return checked;
    }
    const parsed = answer.safeParse(json);
    if (!parsed.success) throw new SyncError('bad_response', true, path);
    return parsed.data;
  }
}
