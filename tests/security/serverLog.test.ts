import { describe, expect, it } from 'vitest';
import { describeErrorSafely } from '../../server/logSafely';

describe('server error log line', () => {
  it('keeps the kind, code and SQL of a failed query but none of its values', () => {
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { name: 'error', code: '22021' });
    const error = new Error('Failed query: insert into changes (data) values ($1)\nparams: {"full_name":"Siti Aminah","phone":"+6281234567890"}', {
      cause,
    });
    const line = describeErrorSafely(error);
    expect(line).toContain('Failed query: insert into changes (data) values ($1)');
    expect(line).toContain('[22021]');
    expect(line).not.toMatch(/Siti|6281234567890/);
  });
});
