import { useTranslation } from 'react-i18next';

/**
 * The reports screen's own words, registered into i18next on first use (the shared id/en JSON files belong to
 * the UI as a whole). Report titles, column headers and segment names come from the core, in the chosen language.
 */
export const reportStrings = {
  id: {
    reports: {
      nav: 'Laporan',
      heading: 'Laporan',
      choose: 'Laporan',
      names: {
        registrations: 'Pendaftaran',
        rfm: 'Segmentasi RFM',
        neglected: 'Pelanggan terabaikan',
        cleanup: 'Dampak pembersihan',
        'top-customers': 'Pelanggan teratas',
        pipeline: 'Calon penjualan',
        loyalty: 'Poin & tingkat',
      },
      from: 'Dari tanggal',
      to: 'Sampai tanggal',
      outlets: 'Outlet (kode, pisahkan dengan koma)',
      outletsHint: 'Kosong = semua outlet',
      days: 'Tanpa kontak/kunjungan (hari)',
      segment: 'Segmen',
      allSegments: 'Semua segmen',
      top: 'Jumlah teratas per outlet',
      run: 'Tampilkan',
      loading: 'Menghitung…',
      period: 'Periode',
      allOutlets: 'Semua outlet',
      showing: 'Tabel dipotong: menampilkan {{shown}} baris pertama dari {{total}}; grafik dan ekspor memuat semuanya.',
      empty: 'Tidak ada data untuk filter ini.',
      export: 'Ekspor',
      unmask: 'Tampilkan No. HP dan NIK lengkap di file',
      exporting: 'Mengekspor {{format}}…',
      exported: '{{rows}} baris diekspor ke {{path}}',
      exportFailed: 'Ekspor gagal.',
      downloaded: '{{rows}} baris diekspor: {{file}} diunduh.',
      downloadAgain: 'Unduh lagi',
      downloadFailed: 'Unduhan gagal; coba "Unduh lagi".',
      csvDialect: 'CSV untuk',
      csvDialectId: 'Excel Indonesia (; dan koma desimal)',
      csvDialectIntl: 'Internasional (, dan titik desimal)',
      per: { day: 'per hari', week: 'per minggu', month: 'per bulan' },
      drillDown: 'Lihat pelanggan segmen ini',
      chart: 'Grafik: {{title}}',
    },
  },
  en: {
    reports: {
      nav: 'Reports',
      heading: 'Reports',
      choose: 'Report',
      names: {
        registrations: 'Registrations',
        rfm: 'RFM segments',
        neglected: 'Neglected customers',
        cleanup: 'Clean-up impact',
        'top-customers': 'Top customers',
        pipeline: 'Pipeline & forecast',
        loyalty: 'Points & tiers',
      },
      from: 'From',
      to: 'To',
      outlets: 'Outlets (codes, comma-separated)',
      outletsHint: 'Empty = every outlet',
      days: 'No contact/visit for (days)',
      segment: 'Segment',
      allSegments: 'All segments',
      top: 'Top customers per outlet',
      run: 'Show',
      loading: 'Calculating…',
      period: 'Period',
      allOutlets: 'All outlets',
      showing: 'Table cut: showing the first {{shown}} of {{total}} rows; the chart and the exports cover them all.',
      empty: 'No data for these filters.',
      export: 'Export',
      unmask: 'Show full phone numbers and NIKs in the file',
      exporting: 'Exporting {{format}}…',
      exported: '{{rows}} rows exported to {{path}}',
      exportFailed: 'Export failed.',
      downloaded: '{{rows}} rows exported: {{file}} downloaded.',
      downloadAgain: 'Download again',
      downloadFailed: 'The download failed; try "Download again".',
      csvDialect: 'CSV for',
      csvDialectId: 'Indonesian Excel (; and decimal comma)',
      csvDialectIntl: 'International (, and decimal dot)',
      per: { day: 'by day', week: 'by week', month: 'by month' },
      drillDown: "See this segment's customers",
      chart: 'Chart: {{title}}',
    },
  },
} as const;

/** Adds the strings to the app's i18next instance once (deep merge, existing keys kept). */
export function useReportStrings() {
  const translation = useTranslation();
  const { i18n } = translation;
  if (!i18n.exists('reports.nav', { lng: 'id' })) {
    for (const [lang, strings] of Object.entries(reportStrings)) i18n.addResourceBundle(lang, 'translation', strings, true, false);
  }
  return translation;
}
