/** Transaction-scoped advisory lock keys, shared by every server process on one database. */

/** Serialises pushes so sequence numbers commit in order (see the changes table). */
export const PUSH_LOCK = 0x73796e63; // "sync"

/** Serialises folding the log into row_fields (materialise) and an erasure's rewrite of row_fields. */
export const MATERIALISE_LOCK = 0x726f7773; // "rows"
