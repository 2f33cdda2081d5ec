import type {
  ComplaintCategory,
  ComplaintSeverity,
  FollowUpRules,
  OpeningHours,
  ServiceLevel,
  ServiceLevels,
  TemplateKey,
} from '../../../../shared/care';
import { complaintCategories } from '../../../../shared/care';

/** What an outlet runs on until a manager changes it: a typical Indonesian mall outlet. */

/** Mon–Sat 09:00–21:00, Sun 10:00–21:00. */
export const defaultOpeningHours: OpeningHours = [
  { opens: '09:00', closes: '21:00' },
  { opens: '09:00', closes: '21:00' },
  { opens: '09:00', closes: '21:00' },
  { opens: '09:00', closes: '21:00' },
  { opens: '09:00', closes: '21:00' },
  { opens: '09:00', closes: '21:00' },
  { opens: '10:00', closes: '21:00' },
];

const bySeverity: Record<ComplaintSeverity, ServiceLevel> = {
  high: { responseHours: 2, resolutionDays: 1 },
  normal: { responseHours: 4, resolutionDays: 3 },
  low: { responseHours: 8, resolutionDays: 5 },
};

/** Categories that wait on a technician, a courier or the manufacturer get more days to resolve. */
const extraDays: Record<ComplaintCategory, number> = {
  product_defect: 2,
  delivery: 1,
  installation: 2,
  service: 0,
  billing: 0,
  warranty: 7,
  other: 0,
};

export const defaultServiceLevels: ServiceLevels = Object.fromEntries(
  complaintCategories.map((category) => [
    category,
    Object.fromEntries(
      Object.entries(bySeverity).map(([severity, level]) => [
        severity,
        { ...level, resolutionDays: level.resolutionDays + extraDays[category] },
      ]),
    ),
  ]),
) as ServiceLevels;

export const defaultFollowUpRules: FollowUpRules = {
  birthday: { enabled: true, daysAhead: 7, minTotal: 0 },
  afterPurchase: { enabled: true, afterDays: 3, minAmount: 5_000_000 },
  neglected: { enabled: true, noContactDays: 90, minTotal: 10_000_000, maxOpen: 20 },
  complaintCheck: { enabled: true, afterDays: 3 },
  escalation: { enabled: true },
  managerStaff: null,
};

/** Indonesian by default; placeholders: {sapaan} {nama} {kartu} {acara} {outlet} {staf}. */
export const defaultTemplates: Record<TemplateKey, string> = {
  greeting:
    'Halo {sapaan} {nama}, salam dari {outlet}. Terima kasih sudah menjadi pelanggan setia kami (kartu {kartu}). Ada yang bisa kami bantu?',
  birthday:
    'Selamat ulang tahun, {sapaan} {nama}! Semoga sehat dan bahagia selalu. Ada hadiah spesial untuk pemegang kartu {kartu} di {outlet}. Salam hangat, {staf}.',
  after_purchase:
    'Halo {sapaan} {nama}, terima kasih atas pembelian Anda di {outlet} ({acara}). Apakah produknya sudah berfungsi dengan baik? Kami siap membantu.',
  neglected:
    'Halo {sapaan} {nama}, sudah lama tidak berjumpa! Kami di {outlet} punya penawaran khusus untuk pemegang kartu {kartu}. Kami tunggu kunjungannya.',
  complaint_check:
    'Halo {sapaan} {nama}, kami ingin memastikan keluhan Anda ({acara}) sudah terselesaikan dengan baik. Mohon kabari kami bila masih ada kendala. Terima kasih, {staf} - {outlet}.',
  complaint_update:
    'Halo {sapaan} {nama}, kami informasikan perkembangan keluhan Anda ({acara}). Terima kasih atas kesabarannya. Salam, {staf} - {outlet}.',
};
