import { createWriteStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/**
 * The operator's request timing log (`--timing-log FILE`): one tab-separated line per answered request — when it
 * ended (ms since the epoch), the route pattern (never a URL with ids in it), the status and the time the server
 * spent on it in ms, from receiving it to the last byte of the answer handed to the socket. For capacity
 * planning: it times the server's side alone, which a client on a busy machine cannot (README, load test).
 */
export function logRequestTiming(app: FastifyInstance, file: string): void {
  const out = createWriteStream(file, { flags: 'a' });
  app.addHook('onResponse', (request, reply, done) => {
    out.write(`${Date.now()}\t${request.routeOptions.url ?? '-'}\t${reply.statusCode}\t${reply.elapsedTime.toFixed(1)}\n`);
    done();
  });
  app.addHook('onClose', (_app, done) => void out.end(done));
}

export interface TimedRequest {
  at: number;
  route: string;
  status: number;
  ms: number;
}

/** The lines of a timing log. */
export function readTimingLog(text: string): TimedRequest[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [at, route, status, ms] = line.split('\t');
      return { at: Number(at), route: route!, status: Number(status), ms: Number(ms) };
    });
}
