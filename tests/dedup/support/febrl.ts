import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DedupRecord } from '../../../electron/core/dedup/record';

export interface LabelledRecord {
  record: DedupRecord;
  /** The real person behind the record (ground truth). */
  personId: string;
}

/** Beside the repository checkout; FEBRL_DIR overrides it (a git worktree sits one level deeper). */
export const febrlDir = process.env.FEBRL_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/benchdata/febrl');

/**
 * A Febrl file as dedup records: rec_id → card number (and id), soc_sec_id → national id, street number +
 * address_1 + address_2 → address, suburb → city, postcode, given_name + surname → full name,
 * date_of_birth → birth date. Febrl has no phones, outlets or registration times.
 */
export function loadFebrl(file: string, idPrefix = ''): LabelledRecord[] {
  const lines = readFileSync(path.join(febrlDir, file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const header = lines[0]!.split(',').map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const out: LabelledRecord[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',').map((v) => v.trim());
    const get = (name: string) => f[col(name)] ?? '';
    const recId = get('rec_id');
    const dob = get('date_of_birth');
    const address = [[get('street_number'), get('address_1')].filter(Boolean).join(' '), get('address_2')].filter(Boolean).join(', ');
    out.push({
      personId: recId.split('-')[1]!,
      record: {
        id: idPrefix + recId,
        fullName: [get('given_name'), get('surname')].filter(Boolean).join(' '),
        nik: get('soc_sec_id') || null,
        birthDate: /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : null,
        address: address || null,
        city: get('suburb') || null,
        postcode: get('postcode') || null,
        cardNos: [recId],
      },
    });
  }
  return out;
}
