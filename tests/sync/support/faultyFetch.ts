/** Network faults the convergence and fault tests inject between engine and server. */
export type Fault = 'none' | 'lost_request' | 'lost_answer' | 'duplicate';

export interface FaultyFetch {
  fetch: typeof fetch;
  /** Chooses the fault for each request; replace it to change behaviour mid-test. */
  choose: (url: string) => Fault;
  log: { url: string; fault: Fault }[];
}

/**
 * Wraps fetch: `lost_request` fails before anything is sent, `lost_answer` lets the server do the work and
 * then fails as if the connection dropped before the reply, `duplicate` sends the request twice (a proxy
 * retry) and hands back the second answer.
 */
export function faultyFetch(choose: (url: string) => Fault = () => 'none'): FaultyFetch {
  const state: FaultyFetch = {
    choose,
    log: [],
    fetch: async (input, init) => {
      const url = String(input);
      const fault = state.choose(url);
      state.log.push({ url, fault });
      if (fault === 'lost_request') throw new TypeError('fetch failed (injected: request lost)');
      if (fault === 'duplicate') {
        await (await fetch(input, init)).text();
        return fetch(input, init);
      }
      const response = await fetch(input, init);
      if (fault === 'lost_answer') {
        await response.text();
        throw new TypeError('fetch failed (injected: answer lost)');
      }
      return response;
    },
  };
  return state;
}

/** A small seeded PRNG (mulberry32), so a failing seed replays exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
