import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/main';
import { readTimingLog } from '../../server/requestTiming';
import { tempDir } from '../support/tempStore';

describe("the server's request timing log (--timing-log)", () => {
  it('writes one line per answered request: route pattern without ids, status, server time', async () => {
    const file = path.join(tempDir(), 'timing.log');
    const server = await startServer({ port: 0, timingLog: file, adminToken: 'a-test-admin-token-of-enough-length' });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect((await fetch(`${server.url}/sync/push`, { method: 'POST', headers: { authorization: 'Bearer not-a-real-token-but-long-enough' }, body: '{}' })).status).toBe(401);
      const revoke = await fetch(`${server.url}/admin/devices/secret-device-id/revoke`, { method: 'POST', headers: { authorization: 'Bearer a-test-admin-token-of-enough-length' } });
      expect(revoke.status).toBeGreaterThanOrEqual(400);
    } finally {
      await server.close();
    }
    const lines = readTimingLog(readFileSync(file, 'utf8'));
    expect(lines.map((l) => [l.route, l.status])).toEqual([
      ['/health', 200],
      ['/sync/push', 401],
      ['/admin/devices/:id/revoke', expect.any(Number)],
    ]);
    for (const l of lines) {
      expect(l.ms).toBeGreaterThan(0);
      expect(l.ms).toBeLessThan(60_000);
      expect(Math.abs(l.at - Date.now())).toBeLessThan(60_000);
    }
    expect(readFileSync(file, 'utf8')).not.toContain('secret-device-id');
  });
});
