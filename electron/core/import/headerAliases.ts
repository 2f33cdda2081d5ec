/** Column names seen in English files and in the legacy Indonesian export, mapped to the importer's fields. */
export const importFields = ['cardNo', 'fullName', 'phone', 'birthDate', 'gender', 'address', 'city', 'nik', 'email', 'registeredAt', 'outlet', 'mainProduct', 'invoiceNo', 'amount'] as const;
export type ImportField = (typeof importFields)[number];

const aliases: Record<ImportField, string[]> = {
  cardNo: ['no_kartu', 'nomor_kartu', 'kartu', 'card_no', 'card_number', 'card', 'cardno'],
  fullName: ['nama', 'nama_lengkap', 'nama_pelanggan', 'name', 'full_name', 'fullname', 'customer_name'],
  phone: ['no_hp', 'hp', 'no_telp', 'telepon', 'no_wa', 'phone', 'phone_number', 'mobile', 'telephone'],
  birthDate: ['tgl_lahir', 'tanggal_lahir', 'birth_date', 'birthdate', 'date_of_birth', 'dob'],
  gender: ['jenis_kelamin', 'jk', 'gender', 'sex'],
  address: ['alamat', 'address'],
  city: ['kota', 'kabupaten', 'city'],
  nik: ['nik', 'no_ktp', 'ktp', 'national_id'],
  email: ['email', 'e_mail', 'surel'],
  registeredAt: ['tgl_daftar', 'tanggal_daftar', 'registered_at', 'registration_date', 'date_registered'],
  outlet: ['outlet', 'toko', 'cabang', 'outlet_code', 'store'],
  mainProduct: ['produk', 'produk_utama', 'product', 'main_product'],
  invoiceNo: ['no_invoice', 'no_faktur', 'invoice', 'invoice_no', 'invoice_number'],
  amount: ['total', 'nilai', 'jumlah', 'amount', 'total_amount'],
};

const lookup = new Map<string, ImportField>(Object.entries(aliases).flatMap(([field, names]) => names.map((n) => [n, field as ImportField])));

export function canonicalHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** Maps each header to a field (or null for columns the importer does not use). */
export function mapHeaders(headers: string[]): (ImportField | null)[] {
  return headers.map((h) => lookup.get(canonicalHeader(h)) ?? null);
}
