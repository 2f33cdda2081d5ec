import { seedLabelledCustomers } from '../dedup/seedDuplicates';
import { scanStore } from '../dedup/storeScan';
import type { LabelledCustomer } from '../dedup/syntheticDuplicates';
import { ensureOutlet } from '../outlets/outlets';
import type { Store } from '../store/store';

type Draft = LabelledCustomer['draft'];

/**
 * The demo store's duplicates, so a newcomer can try the review screen at once: honest re-registrations (a
 * title, old spelling, a phone written another way, a second city), one card farmer (a buyer who registered
 * cards under borrowed names with his own phone and address on two visits) and one household (a couple and
 * their son at one address, one phone between the parents: three people, never merged).
 */
export function demoDuplicates(until: Date): LabelledCustomer[] {
  const at = (daysAgo: number, hour: number, minute: number) => {
    const d = new Date(until.getTime() - daysAgo * 86_400_000);
    // Outlet hours in WIB (UTC+7): 10:00 is 03:00 UTC.
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour - 7, minute)).toISOString();
  };
  let seq = 0;
  const card = (
    personId: string,
    role: LabelledCustomer['role'],
    registeredAt: string,
    draft: Omit<Draft, 'cardNo'>,
    outletCode = 'DEMO',
  ): LabelledCustomer => ({
    personId,
    role,
    outletCode,
    registeredAt,
    purchases: [],
    draft: { consentMarketing: true, ...draft, cardNo: `88009${String(++seq).padStart(7, '0')}` },
  });
  const farmerHome = { address: 'Jl. Kenanga No. 17 RT 004/RW 002, Kel. Sukajadi', city: 'Bandung' };
  const farmerPhone = '0812-2200-7788';
  const householdHome = { address: 'Perum Griya Asri Blok C2 No. 5 RT 003/RW 007', city: 'Bekasi' };
  return [
    // Honest re-registrations: one person, two cards each.
    card('siti', 'original', at(120, 10, 12), {
      fullName: 'Siti Rahayu',
      phone: '0813-4455-6677',
      birthDate: '1990-02-14',
      gender: 'F',
      address: 'Jl. Melati No. 3',
      city: 'Jakarta Timur',
    }),
    card('siti', 'reregistration', at(30, 16, 40), {
      fullName: 'Ibu Sitti Rahayu',
      phone: '+62 813 4455 6677',
      birthDate: '1990-02-14',
      gender: 'F',
      email: 'siti.rahayu@mail.co.id',
      address: 'Jl. Melati 3',
      city: 'Jakarta Timur',
    }),
    card(
      'rizki',
      'original',
      at(200, 11, 5),
      {
        fullName: 'Muhammad Rizki Pratama',
        phone: '0857-1200-3344',
        birthDate: '1986-07-09',
        gender: 'M',
        address: 'Jl. Pettarani No. 40',
        city: 'Makassar',
      },
      'DEMO-MKS',
    ),
    card('rizki', 'reregistration', at(12, 14, 22), {
      fullName: 'Mochammad Rizki Pratama',
      phone: '085712003344',
      birthDate: '1986-07-09',
      gender: 'M',
      city: 'Makassar',
    }),
    card('sukarno', 'original', at(300, 9, 50), {
      fullName: 'Soekarno Hadi',
      phone: '0821-6000-1122',
      nik: '3578010506720003',
      birthDate: '1972-06-05',
      gender: 'M',
      address: 'Jl. Darmo No. 88',
      city: 'Surabaya',
    }),
    card('sukarno', 'reregistration', at(45, 13, 15), {
      fullName: 'Bapak Sukarno Hadi, S.E.',
      phone: '0821-6000-1122',
      nik: '3578010506720003',
      birthDate: '1972-06-05',
      gender: 'M',
      address: 'Jl. Raya Darmo 88',
      city: 'Surabaya',
    }),
    // A card farmer: his own card, then borrowed names with his phone and address, on two visits a week apart.
    card('farmer', 'farmer', at(21, 15, 2), {
      fullName: 'Andi Setiawan',
      phone: farmerPhone,
      birthDate: '1983-03-21',
      gender: 'M',
      ...farmerHome,
    }),
    card('farmer', 'farmer', at(21, 15, 9), { fullName: 'Rudi Hartono', phone: farmerPhone, gender: 'M', ...farmerHome }),
    card('farmer', 'farmer', at(21, 15, 17), { fullName: 'Yanti Lestari', phone: farmerPhone, gender: 'F', ...farmerHome }),
    card('farmer', 'farmer', at(14, 11, 30), { fullName: 'Joko Susanto', phone: farmerPhone, gender: 'M', ...farmerHome }),
    card('farmer', 'farmer', at(14, 11, 36), { fullName: 'Maya Anggraini', phone: farmerPhone, gender: 'F', ...farmerHome }),
    card('farmer', 'farmer', at(14, 11, 44), { fullName: 'Teguh Wibowo', phone: farmerPhone, gender: 'M', ...farmerHome }),
    // A household: different people (birth dates, NIKs), one address, the parents share a phone.
    card('hendra', 'household', at(90, 10, 30), {
      fullName: 'Hendra Gunawan',
      phone: '0811-9000-4321',
      nik: '3275011208700005',
      birthDate: '1970-08-12',
      gender: 'M',
      ...householdHome,
    }),
    card('lestari', 'household', at(60, 17, 5), {
      fullName: 'Lestari Gunawan',
      phone: '0811-9000-4321',
      nik: '3275015511740002',
      birthDate: '1974-11-15',
      gender: 'F',
      ...householdHome,
    }),
    card('dimas', 'household', at(20, 12, 45), {
      fullName: 'Dimas Gunawan',
      phone: '0896-5500-2211',
      nik: '3275010203020004',
      birthDate: '2002-03-02',
      gender: 'M',
      ...householdHome,
    }),
  ];
}

/** Writes the demo duplicates (a second demo outlet in WITA shows times in another zone) and scans the store once. */
export function seedDemoDuplicates(store: Store): number {
  ensureOutlet(store, 'DEMO-MKS', { name: 'Toko Demo Makassar', timeZone: 'Asia/Makassar' });
  const ids = seedLabelledCustomers(store, demoDuplicates(store.now()));
  scanStore(store);
  return ids.length;
}
