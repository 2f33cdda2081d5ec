import Papa from 'papaparse';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';

const toDayFirst = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * A legacy Indonesian export (the retailer's old system) with `count` rows, in the column names it used; with
 * `amounts`, each row's invoice carries a purchase amount (`total_belanja`), so a programme in force earns points.
 */
export function legacyCsv(count: number, seed = 1, options: { amounts?: boolean } = {}): string {
  const rows: string[][] = [];
  let i = 0;
  for (const c of syntheticCustomers(count, { seed, purchasesPerCustomer: 0 })) {
    const d = c.draft;
    // Mix the ways phones and dates were typed into the old system.
    const phone = i % 3 === 0 ? d.phone : i % 3 === 1 ? `+62 ${d.phone.slice(1, 4)}-${d.phone.slice(4, 8)}-${d.phone.slice(8)}` : `62${d.phone.slice(1)}`;
    rows.push([
      d.cardNo,
      d.fullName,
      phone,
      d.birthDate ? (i % 2 ? toDayFirst(d.birthDate) : d.birthDate) : '',
      d.address ?? '',
      d.city ?? '',
      d.nik ?? '',
      d.email ?? '',
      toDayFirst(c.registeredAt.slice(0, 10)),
      i % 2 ? 'BDG01' : 'JKT01',
      'Kulkas',
      `INV-${seed}-${i}`,
      ...(options.amounts ? [String(50_000 + ((i * 7919) % 40) * 25_000)] : []),
    ]);
    i++;
  }
  return Papa.unparse({ fields: ['no_kartu', 'nama', 'no_hp', 'tgl_lahir', 'alamat', 'kota', 'nik', 'email', 'tgl_daftar', 'outlet', 'produk', 'no_invoice', ...(options.amounts ? ['total_belanja'] : [])], data: rows });
}
