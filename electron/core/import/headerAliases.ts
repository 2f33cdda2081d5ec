/** Column names seen in English files and in Indonesian exports, mapped to the importer's fields. */
export const importFields = ['cardNo', 'fullName', 'phone', 'birthDate', 'gender', 'address', 'rt', 'rw', 'addressArea', 'city', 'nik', 'email', 'registeredAt', 'outlet', 'mainProduct', 'invoiceNo', 'amount'] as const;
export type ImportField = (typeof importFields)[number];

const aliases: Record<ImportField, string[]> = {
  cardNo: ['no_kartu', 'nomor_kartu', 'kartu', 'card_no', 'card_number', 'card', 'cardno', 'no_member', 'nomor_member', 'id_member', 'member_id', 'kode_member', 'member_no', 'no_vip', 'kartu_vip'],
  fullName: ['nama', 'nama_lengkap', 'nama_pelanggan', 'nama_customer', 'nama_member', 'name', 'full_name', 'fullname', 'customer_name', 'member_name', 'customer'],
  phone: ['no_hp', 'hp', 'no_telp', 'telepon', 'no_wa', 'phone', 'phone_number', 'mobile', 'telephone', 'no_handphone', 'handphone', 'whatsapp', 'hp_wa', 'no_hp_wa', 'ponsel', 'no_ponsel', 'telp', 'mobile_phone', 'telp_rumah', 'no_telp_rumah', 'telepon_rumah', 'home_phone', 'no_hp_lain', 'hp_lain', 'other_phone'],
  birthDate: ['tgl_lahir', 'tanggal_lahir', 'birth_date', 'birthdate', 'date_of_birth', 'dob', 'birthday', 'ulang_tahun', 'ttl', 'tempat_tgl_lahir', 'tempat_tanggal_lahir'],
  gender: ['jenis_kelamin', 'jk', 'gender', 'sex', 'kelamin', 'l_p'],
  address: ['alamat', 'address', 'alamat_lengkap', 'alamat_rumah', 'street_address'],
  // An address split over columns is put back together: `Jl. Melati 5 RT 003/RW 005, Sukajadi, 40162`.
  rt: ['rt', 'rt_rw'],
  rw: ['rw'],
  addressArea: ['kelurahan', 'kel', 'desa', 'kelurahan_desa', 'kel_desa', 'kecamatan', 'kec', 'kode_pos', 'kodepos', 'postcode', 'postal_code', 'zip', 'zip_code', 'provinsi', 'propinsi', 'province', 'district', 'subdistrict'],
  city: ['kota', 'kabupaten', 'city', 'kota_kabupaten', 'kab_kota', 'kotamadya'],
  nik: ['nik', 'no_ktp', 'ktp', 'national_id', 'nomor_ktp', 'no_nik', 'nik_ktp'],
  email: ['email', 'e_mail', 'surel', 'email_address', 'alamat_email'],
  registeredAt: ['tgl_daftar', 'tanggal_daftar', 'registered_at', 'registration_date', 'date_registered', 'tgl_registrasi', 'tanggal_registrasi', 'tgl_join', 'join_date', 'joined', 'member_since', 'tgl_bergabung', 'tanggal_bergabung', 'created_at', 'tgl_input', 'registered', 'registered_on', 'date_joined'],
  outlet: ['outlet', 'toko', 'cabang', 'outlet_code', 'store', 'kode_toko', 'kode_outlet', 'kode_cabang', 'branch', 'store_code'],
  mainProduct: ['produk', 'produk_utama', 'product', 'main_product', 'item', 'barang'],
  invoiceNo: ['no_invoice', 'no_faktur', 'invoice', 'invoice_no', 'invoice_number', 'no_nota', 'nota', 'no_struk', 'receipt_no', 'no_transaksi'],
  amount: ['total', 'nilai', 'jumlah', 'amount', 'total_amount', 'total_belanja', 'nilai_belanja', 'belanja', 'nominal', 'total_rp', 'grand_total', 'total_spend', 'spend', 'total_spending', 'total_purchase', 'purchase_amount', 'total_sales', 'sales_amount'],
};

const lookup = new Map<string, ImportField>(Object.entries(aliases).flatMap(([field, names]) => names.map((n) => [n, field as ImportField])));

export function canonicalHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/**
 * Reads a header as an alias, then again without what is in parentheses or after a slash and without a unit
 * (`Jenis Kelamin (L/P)`, `Total (Rp)`, `No. HP / WA`, `Nomor Kartu VIP`, `HP 2`).
 */
function fieldOf(header: string): ImportField | null {
  const plain = header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  // `HP 2`, `Phone2`: a second column of a field.
  const candidates = [header, plain, plain.split('/')[0]!, plain.replace(/\b(rp|idr|vip)\b/gi, ' '), plain.replace(/[\s_-]*\d$/, '')];
  for (const c of candidates) {
    const field = lookup.get(canonicalHeader(c));
    if (field) return field;
  }
  return null;
}

/**
 * Maps each header to a field (or null for columns the importer does not use). `overrides` names the column for a
 * field when the file calls it something no alias knows (`akrab import customers --column phone="HP Aktif"`).
 */
export function mapHeaders(headers: string[], overrides: Partial<Record<ImportField, string>> = {}): (ImportField | null)[] {
  const forced = new Map(Object.entries(overrides).map(([field, header]) => [canonicalHeader(header!), field as ImportField]));
  const fields = headers.map((h) => forced.get(canonicalHeader(h)) ?? fieldOf(h));
  // A field named by an override is read from that column only.
  return fields.map((f, i) => (f && overrides[f] !== undefined && !forced.has(canonicalHeader(headers[i]!)) ? null : f));
}
