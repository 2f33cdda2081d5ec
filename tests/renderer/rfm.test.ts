import { describe, expect, it } from 'vitest';
import { rfmOf } from '../../renderer/features/customer/rfm';

const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

describe('rfmOf', () => {
  it.each([
    { name: 'no purchases', summary: { count: 0, total: 0, firstAt: null, lastAt: null }, recencyDays: null, scores: { recency: null, frequency: 1, monetary: 1 } },
    { name: 'bought today, once, small', summary: { count: 1, total: 250_000, firstAt: daysAgo(0), lastAt: daysAgo(0) }, recencyDays: 0, scores: { recency: 5, frequency: 1, monetary: 1 } },
    { name: 'exactly 30 days', summary: { count: 2, total: 1_000_000, firstAt: daysAgo(90), lastAt: daysAgo(30) }, recencyDays: 30, scores: { recency: 5, frequency: 2, monetary: 2 } },
    { name: '31 days', summary: { count: 5, total: 5_000_000, firstAt: daysAgo(300), lastAt: daysAgo(31) }, recencyDays: 31, scores: { recency: 4, frequency: 3, monetary: 3 } },
    { name: 'half a year', summary: { count: 10, total: 20_000_000, firstAt: daysAgo(700), lastAt: daysAgo(180) }, recencyDays: 180, scores: { recency: 3, frequency: 4, monetary: 4 } },
    { name: 'a year', summary: { count: 20, total: 50_000_000, firstAt: daysAgo(900), lastAt: daysAgo(365) }, recencyDays: 365, scores: { recency: 2, frequency: 5, monetary: 5 } },
    { name: 'lapsed', summary: { count: 3, total: 900_000, firstAt: daysAgo(1200), lastAt: daysAgo(800) }, recencyDays: 800, scores: { recency: 1, frequency: 2, monetary: 1 } },
  ])('$name', ({ summary, recencyDays, scores }) => {
    const rfm = rfmOf(summary, now);
    expect(rfm.recencyDays).toBe(recencyDays);
    expect(rfm.scores).toEqual(scores);
    expect(rfm.frequency).toBe(summary.count);
    expect(rfm.monetary).toBe(summary.total);
  });
});
