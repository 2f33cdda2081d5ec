import { describe, expect, it } from 'vitest';
import { pushResponseSchema } from '../../electron/core/sync/protocol';

describe("the push answer as a device reads it", () => {
  it('takes a refusal reason this version does not know (a later server’s rule) as a refusal, not a bad answer', () => {
    const answer = pushResponseSchema.parse({ accepted: 1, duplicates: 0, refused: [{ id: 7, reason: 'ledger_some_later_rule' }, { id: 8, reason: 'clock_ahead' }] });
    expect(answer.refused).toEqual([
      { id: 7, reason: 'ledger_some_later_rule' },
      { id: 8, reason: 'clock_ahead' },
    ]);
    expect(() => pushResponseSchema.parse({ accepted: 1, duplicates: 0, refused: [{ id: 7, reason: '' }] })).toThrow();
  });
});
