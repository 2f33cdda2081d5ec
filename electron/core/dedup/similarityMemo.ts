/**
 * Similarities looked up instead of recomputed. A scan compares hundreds of thousands of pairs, but their names
 * are made of a few thousand words and their addresses of a few hundred word lists (64,000 imported cards:
 * 809,000 comparisons of two different name words, 21,000 distinct; 255,000 address comparisons, 625 distinct
 * word lists pairs). Texts get ids; a similarity is cached per ordered pair of ids.
 *
 * Ids are handed out until ID_LIMIT, then all are dropped and a new generation starts (memory stays bounded in a
 * long-running app); a caller holding ids of an older generation must not use the caches.
 */
const ID_LIMIT = 1 << 20;
let ids = new Map<string, number>();
let currentGeneration = 0;
const memos: PairMemo[] = [];

export function generation(): number {
  return currentGeneration;
}

/** The id of a text in the current generation (which this call may end: check generation() after). */
export function textId(text: string): number {
  let id = ids.get(text);
  if (id === undefined) {
    if (ids.size >= ID_LIMIT) {
      ids = new Map();
      currentGeneration++;
      for (const memo of memos) memo.clear();
    }
    id = ids.size;
    ids.set(text, id);
  }
  return id;
}

/** A number per ordered pair of ids (open addressing; emptied when half full: it is only a cache). */
export class PairMemo {
  private readonly keys: Float64Array;
  private readonly values: Float64Array;
  private readonly shift: number;
  private size = 0;

  constructor(bits = 17) {
    this.keys = new Float64Array(1 << bits).fill(-1);
    this.values = new Float64Array(1 << bits);
    this.shift = 32 - bits;
    memos.push(this);
  }

  private slot(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> this.shift;
  }

  /** The cached value, NaN when there is none. */
  get(a: number, b: number): number {
    const key = a * ID_LIMIT + b;
    const mask = this.keys.length - 1;
    for (let s = this.slot(a, b); ; s = (s + 1) & mask) {
      const k = this.keys[s]!;
      if (k === key) return this.values[s]!;
      if (k === -1) return NaN;
    }
  }

  set(a: number, b: number, value: number): void {
    if (this.size * 2 >= this.keys.length) this.clear();
    const key = a * ID_LIMIT + b;
    const mask = this.keys.length - 1;
    let s = this.slot(a, b);
    while (this.keys[s] !== -1 && this.keys[s] !== key) s = (s + 1) & mask;
    if (this.keys[s] === -1) this.size++;
    this.keys[s] = key;
    this.values[s] = value;
  }

  clear(): void {
    this.keys.fill(-1);
    this.size = 0;
  }
}
