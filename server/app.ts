import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  MAX_BODY_BYTES,
  deviceIdSchema,
  enrolRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  snapshotRequestSchema,
  loyaltyBalanceRequestSchema,
  type ServerErrorCode,
} from '../electron/core/sync/protocol';
import { AuthFailures } from './authFailures';
import { describeErrorSafely } from './logSafely';
import { backgroundFolder } from './storage/backgroundFold';
import { notePull, prunedThrough, pruneChanges, retentionDays, setRetention } from './storage/retention';
import type { ServerDrizzle } from './storage/database';
import { createFirstAdmin } from './storage/serverChanges';
import {
  ServerFailure,
  authenticate,
  createEnrolmentCode,
  enrolDevice,
  listDevices,
  pullChanges,
  pushChanges,
  readSnapshotJson,
  FOLD_STEP,
  materialiseAll,
  revokeDevice,
  serverDigest,
  type AuthenticatedDevice,
} from './storage/syncStorage';
import { balanceReader } from './authority/balanceReadAuthority';
import { loyaltyBalanceReads } from './db/schema';
import { serverLedgerBalance } from './storage/loyaltyBalance';
import { logRequestTiming } from './requestTiming';

export interface ServerAppOptions {
  db: ServerDrizzle;
  /** Enables /admin/* for callers presenting this token (the CLI on the same machine). */
  adminToken?: string;
  bodyLimit?: number;
  /** Test hook: runs after a push is stored and before the answer is sent. */
  afterPush?: (deviceId: string) => Promise<void> | void;
  limits?: Partial<ServerLimits>;
  /** Serve HTTPS with this certificate and key (PEM). */
  https?: { cert: string | Buffer; key: string | Buffer };
  /** Changes one fold step takes in (snapshot requests and the background folding after pushes). */
  foldStep?: number;
  /** Append a line per answered request to this file (requestTiming.ts). */
  timingLog?: string;
}

export interface ServerLimits {
  /** Requests per minute per device token (or per address without one). */
  requestsPerMinute: number;
  /** Failed authentications (bad token, bad enrolment code, bad admin token) per address before its failures are answered 429. */
  authFailures: number;
  authFailureWindowMs: number;
}

/**
 * A device pulling a first snapshot makes a few requests a second for minutes; outlets behind one mall's NAT
 * share an address, so the request limit is per valid device token. Guessing shares its address's budget.
 */
export const defaultServerLimits: ServerLimits = { requestsPerMinute: 1200, authFailures: 20, authFailureWindowMs: 10 * 60_000 };

/**
 * The central sync server: stateless (everything lives in PostgreSQL), so any number of processes can
 * serve the same database. JSON bodies are validated with zod; errors are `{ error: { code, messageKey } }`.
 */
export function createServerApp(options: ServerAppOptions): FastifyInstance {
  const { db } = options;
  const limits = { ...defaultServerLimits, ...options.limits };
  // Fastify's https instance has another server type; routes and hooks are the same, hence the cast.
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? MAX_BODY_BYTES,
    ...(options.https && { https: options.https }),
  }) as unknown as FastifyInstance;
  const foldStep = options.foldStep ?? FOLD_STEP;
  const folder = backgroundFolder(db, foldStep);
  app.addHook('onClose', () => folder.idle());
  if (options.timingLog) logRequestTiming(app, options.timingLog);
  const failures = new AuthFailures(limits.authFailures, limits.authFailureWindowMs);

  // The token is checked once per request, before the request limit picks its budget: a valid device has its own
  // (outlets behind one mall's NAT share an address); everything else shares its address's.
  const checkedTokens = new WeakMap<FastifyRequest, Promise<AuthenticatedDevice>>();
  const tokenCheck = (request: FastifyRequest): Promise<AuthenticatedDevice> => {
    let check = checkedTokens.get(request);
    if (!check) {
      const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(request.headers.authorization ?? '');
      check = match ? authenticate(db, match[1]!) : Promise.reject(new ServerFailure('unauthorized', 401));
      check.catch(() => undefined);
      checkedTokens.set(request, check);
    }
    return check;
  };
  void app.register(rateLimit, {
    max: limits.requestsPerMinute,
    timeWindow: 60_000,
    keyGenerator: async (request) => {
      if (!request.headers.authorization) return `address:${request.ip}`;
      const caller = await tokenCheck(request).catch(() => null);
      return caller ? `device:${caller.deviceId}` : `address:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => Object.assign(new Error('rate limited'), { statusCode: context.statusCode }),
  });
  /**
   * A credential is always checked, so a valid token (or enrolment code) passes even from an address that others
   * behind the same NAT have made fail 20 times; only its failures after the 20th are answered 429 rather than 401.
   * Guessing stays bounded: requests without a valid token share their address's budget (requestsPerMinute),
   * and the secrets are long — tokens 256 bits, the admin token 192, an enrolment code 60 bits living 24 hours
   * (a day at the full budget tries 1.7 million codes: a chance of about 1 in 7·10^11 per live code).
   */
  const failed = <T>(request: FastifyRequest, work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      if (error instanceof ServerFailure && (error.status === 401 || error.code === 'enrolment_code_invalid')) {
        const blocked = failures.blocked(request.ip);
        failures.record(request.ip);
        if (blocked) throw new ServerFailure('rate_limited', 429);
      }
      throw error;
    });

  const device = (request: FastifyRequest): Promise<AuthenticatedDevice> => failed(request, tokenCheck(request));

  // Routes go in a plugin registered after the rate limiter, so its onRoute hook sees every one of them.
  void app.register(async (app) => {
    app.get('/health', async () => ({ ok: true }));

    app.post('/enrol', async (request, reply) => {
      const body = parse(enrolRequestSchema, request.body, reply);
      if (!body) return reply;
      const enrolled = await failed(request, enrolDevice(db, body.code, body.deviceId, body.name));
      return { token: enrolled.token, deviceId: body.deviceId, outletCode: enrolled.outletCode };
    });

    app.post('/sync/push', async (request, reply) => {
      const caller = await device(request);
      const body = parse(pushRequestSchema, request.body, reply);
      if (!body) return reply;
      if (body.deviceId !== caller.deviceId) return fail(reply, 403, 'device_mismatch');
      // A device uploads only its own changes: their stamps carry its id as the node.
      const suffix = `-${caller.deviceId}`;
      if (body.changes.some((c) => !c.hlc.endsWith(suffix))) return fail(reply, 400, 'bad_request');
      const result = await pushChanges(db, caller, body.changes);
      folder.kick();
      await options.afterPush?.(caller.deviceId);
      return result;
    });

    app.post('/sync/pull', async (request, reply) => {
      const caller = await device(request);
      const body = parse(pullRequestSchema, request.body, reply);
      if (!body) return reply;
      if (body.deviceId !== caller.deviceId) return fail(reply, 403, 'device_mismatch');
      // Away longer than the retention: the changes after its cursor are gone, the snapshot has them.
      if (body.cursor < (await prunedThrough(db))) return fail(reply, 410, 'resync_required');
      await notePull(db, caller.deviceId, body.cursor);
      const page = await pullChanges(db, caller.deviceId, body.cursor, body.limit);
      // A prune may have run while the page was read (retention.ts raises its mark before deleting): checked again.
      if (body.cursor < (await prunedThrough(db))) return fail(reply, 410, 'resync_required');
      return page;
    });

    app.post('/sync/snapshot', async (request, reply) => {
      const caller = await device(request);
      const body = parse(snapshotRequestSchema, request.body, reply);
      if (!body) return reply;
      if (body.deviceId !== caller.deviceId) return fail(reply, 403, 'device_mismatch');
      // Built as JSON text by the database (readSnapshotJson): sent as it is, not serialised again.
      return reply.type('application/json; charset=utf-8').send(await readSnapshotJson(db, body.after, body.limit, foldStep));
    });

    // Loyalty (issue 17 point 4): a counter checks a redemption against the server's ledger when it can reach it.
    app.post('/loyalty/balance', async (request, reply) => {
      const caller = await device(request);
      const body = parse(loyaltyBalanceRequestSchema, request.body, reply);
      if (!body) return reply;
      if (body.deviceId !== caller.deviceId) return fail(reply, 403, 'device_mismatch');
      const staffId = await balanceReader(db, caller, body);
      if (!staffId) return fail(reply, 403, 'loyalty_read_not_permitted');
      await db.insert(loyaltyBalanceReads).values({ deviceId: caller.deviceId, staffId, customerId: body.customerId });
      return serverLedgerBalance(db, body.customerId);
    });

    if (options.adminToken) {
      const expected = Buffer.from(options.adminToken);
      const admin = (request: FastifyRequest) => {
        const given = Buffer.from(String(request.headers['x-akrab-admin-token'] ?? ''));
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          const blocked = failures.blocked(request.ip);
          failures.record(request.ip);
          throw blocked ? new ServerFailure('rate_limited', 429) : new ServerFailure('unauthorized', 401);
        }
      };
      app.post<{ Body: { outletCode?: unknown; ttlHours?: unknown; forDevice?: unknown } }>(
        '/admin/enrolment-codes',
        async (request, reply) => {
          admin(request);
          const { outletCode, ttlHours, forDevice } = request.body ?? {};
          if (typeof outletCode !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(outletCode)) return fail(reply, 400, 'bad_request');
          if (forDevice !== undefined && !deviceIdSchema.safeParse(forDevice).success) return fail(reply, 400, 'bad_request');
          return createEnrolmentCode(
            db,
            outletCode,
            typeof ttlHours === 'number' && ttlHours > 0 ? ttlHours : 24,
            forDevice as string | undefined,
          );
        },
      );
      app.post<{ Body: { name?: unknown; pin?: unknown; password?: unknown } }>('/admin/first-admin', async (request, reply) => {
        admin(request);
        const { name, pin, password } = request.body ?? {};
        if (typeof name !== 'string' || typeof pin !== 'string' || typeof password !== 'string') return fail(reply, 400, 'bad_request');
        try {
          return await createFirstAdmin(db, { name, pin, password });
        } catch (error) {
          if (error instanceof ServerFailure) throw error;
          return reply
            .code(409)
            .send({ error: { code: 'conflict', messageKey: 'error.sync.first_admin_refused', detail: (error as Error).message } });
        }
      });
      app.get('/admin/devices', async (request) => {
        admin(request);
        return { devices: await listDevices(db) };
      });
      app.post<{ Params: { id: string } }>('/admin/devices/:id/revoke', async (request) => {
        admin(request);
        await revokeDevice(db, request.params.id);
        return { ok: true };
      });
      app.get('/admin/digest', async (request) => {
        admin(request);
        return serverDigest(db);
      });
      // Retention of the change log (issue 20, point 2): how many days changes are kept, and a prune now.
      app.get('/admin/retention', async (request) => {
        admin(request);
        return { days: await retentionDays(db), prunedThrough: await prunedThrough(db) };
      });
      app.post('/admin/retention', async (request, reply) => {
        admin(request);
        const body = parse(retentionSchema, request.body, reply);
        if (!body) return reply;
        await setRetention(db, body.days);
        return { days: await retentionDays(db) };
      });
      app.post('/admin/prune', async (request) => {
        admin(request);
        await materialiseAll(db, foldStep);
        return pruneChanges(db);
      });
    }
  });

  app.setNotFoundHandler((_request, reply) => fail(reply, 404, 'not_found'));
  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof ServerFailure) return fail(reply, error.status, error.code);
    if (error.statusCode === 413) return fail(reply, 413, 'too_large');
    if (error.statusCode === 429) return fail(reply, 429, 'rate_limited');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return fail(reply, error.statusCode, 'bad_request');
    // Unexpected: logged on the server without the values involved, never echoed with details.
    console.error('[akrab-server]', describeErrorSafely(error));
    return fail(reply, 500, 'internal');
  });
  return app;
}

function parse<T extends z.ZodType>(schema: T, body: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const result = schema.safeParse(body);
  if (!result.success) {
    fail(reply, 400, 'bad_request');
    return undefined;
  }
  return result.data;
}

/** Days of changes to keep (fractions allowed: tests use seconds); null removes the rule. */
const retentionSchema = z.object({ days: z.number().positive().max(36_500).nullable() });

function fail(reply: FastifyReply, status: number, code: ServerErrorCode) {
  return reply.code(status).send({ error: { code, messageKey: `error.sync.${code}` } });
}
