import type { CustomerDraftInput } from '../../../shared/schemas';
import { SeededRandom } from './random';
import { cities, familyNames, femaleNames, maleNames, mobilePrefixes, products, streets } from './indonesianNames';

export interface SyntheticPurchase {
  invoiceNo: string;
  purchasedAt: string;
  amount: number;
  mainProduct: string;
}

export interface SyntheticCustomer {
  draft: CustomerDraftInput & { phone: string; cardNo: string };
  registeredAt: string;
  purchases: SyntheticPurchase[];
}

export interface SyntheticOptions {
  seed?: number;
  /** Average purchases per customer (Poisson-like spread from 0 to twice the mean). */
  purchasesPerCustomer?: number;
  /** Registrations are spread over the days before this date. */
  until?: Date;
  days?: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Realistic-looking Indonesian customers, deterministic for a seed: one- and two-word names, valid mobile numbers,
 * NIKs consistent with birth date and gender (when given, about 40% of the time), addresses with RT/RW,
 * and a card number unique to the index.
 */
export function* syntheticCustomers(count: number, options: SyntheticOptions = {}): Generator<SyntheticCustomer> {
  const random = new SeededRandom(options.seed ?? 42);
  const perCustomer = options.purchasesPerCustomer ?? 5;
  const until = (options.until ?? new Date('2026-11-01T00:00:00Z')).getTime();
  const days = options.days ?? 3 * 365;
  for (let i = 0; i < count; i++) {
    const gender = random.chance(0.5) ? 'M' : 'F';
    const given = random.pick(gender === 'M' ? maleNames : femaleNames);
    const fullName = random.chance(0.25) ? given : random.chance(0.15) ? `${given} ${random.pick(gender === 'M' ? maleNames : femaleNames)} ${random.pick(familyNames)}` : `${given} ${random.pick(familyNames)}`;
    const year = random.int(1955, 2005);
    const month = random.int(1, 12);
    const day = random.int(1, 28);
    const birthDate = `${year}-${pad(month, 2)}-${pad(day, 2)}`;
    const place = random.pick(cities);
    const nik = random.chance(0.4)
      ? `${place.province}${pad(random.int(1, 79), 2)}${pad(random.int(1, 30), 2)}${pad(gender === 'F' ? day + 40 : day, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(random.int(1, 9999), 4)}`
      : null;
    // Multiplying the index by a number coprime to the range keeps phones and cards unique yet scattered.
    const phone = `0${random.pick(mobilePrefixes)}${pad((i * 7919) % 100000000, 8)}`;
    const cardNo = `88${pad((i * 48271) % 1000000000, 10)}`;
    const registeredAt = new Date(until - random.int(0, days * 86400) * 1000).toISOString();
    const purchases: SyntheticPurchase[] = [];
    const n = random.int(0, perCustomer * 2);
    for (let p = 0; p < n; p++) {
      const at = new Date(Date.parse(registeredAt) + random.int(0, Math.max(1, (until - Date.parse(registeredAt)) / 1000)) * 1000);
      purchases.push({ invoiceNo: `INV${pad(i, 8)}${pad(p, 3)}`, purchasedAt: at.toISOString(), amount: random.int(5, 2000) * 25000, mainProduct: random.pick(products) });
    }
    yield {
      draft: {
        fullName,
        phone,
        cardNo,
        birthDate,
        gender,
        nik,
        email: random.chance(0.3) ? `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}${i}@mail.co.id` : null,
        address: `Jl. ${random.pick(streets)} No. ${random.int(1, 250)}, RT ${pad(random.int(1, 15), 3)}/RW ${pad(random.int(1, 12), 3)}`,
        city: place.city,
        consentMarketing: random.chance(0.7),
      },
      registeredAt,
      purchases,
    };
  }
}
