import { SeededRandom } from '../demo/random';
import { cities, familyNames, femaleNames, maleNames, mobilePrefixes, streets } from '../demo/indonesianNames';
import type { SyntheticCustomer } from '../demo/syntheticCustomers';

/**
 * A synthetic Indonesian customer base with known truth, for the dedup benchmark and tests. Every
 * proportion is a parameter (see DuplicateSetOptions), so the benchmark can run a grid of differently
 * shaped data and the pipeline cannot be fitted to one shape.
 *
 * Who is "the same person" (the modelling decision the truth encodes):
 * - an honest customer who registered again (spelling variant, title, old spelling, typo, phone written
 *   another way, sometimes a new phone or a move) is ONE person with several cards;
 * - a card farmer who holds 2–20 cards (heavy-tailed: most hold 2–4) under borrowed names is ONE person:
 *   the retailer's "real customers" count him once, whatever names the cards carry. Extra cards come over
 *   several visits (minutes apart on a promotion day, weeks later at the next one, sometimes at another
 *   outlet); his phone is on most, sometimes one digit off, sometimes another number; his address on about
 *   two thirds; borrowed names carry blank or arbitrary birth dates and usually no NIK;
 * - a household (2–5 people at one address, often one phone, each with their own birth date and NIK,
 *   registered on their own occasions) is SEVERAL people: linked, never merged.
 */
export interface LabelledCustomer extends SyntheticCustomer {
  /** The real person behind the card. */
  personId: string;
  role: 'single' | 'original' | 'reregistration' | 'household' | 'farmer';
  outletCode: string;
}

export interface DuplicateSetOptions {
  /** Number of cards (records) to generate. */
  cards: number;
  seed?: number;
  /** Probabilities per generated unit (the rest are single customers). */
  reregistrationRate?: number;
  householdRate?: number;
  farmerRate?: number;
  /** Cards per farmer (his own included): P(k) ∝ k^-alpha for k in [min, max]. */
  farmCards?: { min: number; max: number; alpha: number };
  /** Chance that a farmer's next extra card starts a new visit (days later) instead of minutes later. */
  revisitRate?: number;
  /** Days between two of a farmer's visits. */
  revisitDays?: [number, number];
  /** Chance that a new visit is at another outlet. */
  otherOutletRate?: number;
  /** Phone on a borrowed-name card: his own, one digit off, else another number. */
  farmPhone?: { same: number; oneDigitOff: number };
  /** Chance that a borrowed-name card carries his address. */
  farmAddressRate?: number;
  /** Chance that a borrowed name is a spelling of his own. */
  ownNameRate?: number;
  /** Borrowed-name cards: chance of a blank birth date (else an arbitrary one), of a (borrowed, valid) NIK. */
  borrowedDobBlankRate?: number;
  borrowedNikRate?: number;
  householdSize?: [number, number];
  householdSharedPhoneRate?: number;
  /** Chance that a couple registers together (minutes apart at one outlet). */
  householdTogetherRate?: number;
  /** Real people: chance of giving a NIK, of leaving the birth date blank, of an email, of no address. */
  nikRate?: number;
  dobBlankRate?: number;
  emailRate?: number;
  addressBlankRate?: number;
  /** Share of ordinary registrations made on promotion days (when the booths are busy). */
  promotionShare?: number;
  /** 'day' keeps only the registration date, as a legacy export does. */
  timeResolution?: 'minute' | 'day';
}

export const DEDUP_OUTLETS = ['JKT01', 'JKT02', 'BDG01', 'SBY01', 'MDN01', 'BOOTH1'] as const;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const UNTIL = Date.parse('2026-11-01T00:00:00+07:00');
const SPAN_DAYS = 3 * 365;
const DAY_MS = 86_400_000;

interface Person {
  id: string;
  gender: 'M' | 'F';
  fullName: string;
  birthDate: string;
  nik: string | null;
  phoneDigits: string;
  email: string | null;
  street: string;
  number: number;
  rt: number;
  rw: number;
  city: (typeof cities)[number];
}

/** Day index (0 = first day of the span) and minute of the day (local time). */
interface Moment {
  day: number;
  minute: number;
}

/** Draws k in [min, max] with P(k) ∝ k^-alpha. */
function powerLaw(random: SeededRandom, min: number, max: number, alpha: number): number {
  let total = 0;
  for (let k = min; k <= max; k++) total += Math.pow(k, -alpha);
  let r = random.next() * total;
  for (let k = min; k <= max; k++) {
    r -= Math.pow(k, -alpha);
    if (r <= 0) return k;
  }
  return max;
}

export function* syntheticDuplicateSet(options: DuplicateSetOptions): Generator<LabelledCustomer> {
  const random = new SeededRandom(options.seed ?? 7);
  const o = {
    reregistrationRate: 0.18,
    householdRate: 0.08,
    farmerRate: 0.05,
    farmCards: { min: 2, max: 20, alpha: 1.8 },
    revisitRate: 0.3,
    revisitDays: [7, 45] as [number, number],
    otherOutletRate: 0.3,
    farmPhone: { same: 0.8, oneDigitOff: 0.08 },
    farmAddressRate: 0.67,
    ownNameRate: 0.1,
    borrowedDobBlankRate: 0.5,
    borrowedNikRate: 0.03,
    householdSize: [2, 4] as [number, number],
    householdSharedPhoneRate: 0.6,
    householdTogetherRate: 0.05,
    nikRate: 0.4,
    dobBlankRate: 0.03,
    emailRate: 0.25,
    addressBlankRate: 0.05,
    promotionShare: 0.3,
    timeResolution: 'minute' as 'minute' | 'day',
    ...options,
  };
  let emitted = 0;
  let persons = 0;
  let cardSeq = 0;
  let phoneSeq = 0;
  // A promotion about every two weeks.
  const promotionDays: number[] = [];
  for (let d = random.int(0, 13); d < SPAN_DAYS - 60; d += random.int(10, 18)) promotionDays.push(d);

  const newPhone = () => `${random.pick(mobilePrefixes)}${pad((++phoneSeq * 7919 + 1234567) % 100000000, 8)}`;
  const nikOf = (city: Person['city'], gender: 'M' | 'F', birthDate: string) => {
    const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
    return `${city.province}${pad(random.int(1, 79), 2)}${pad(random.int(1, 30), 2)}${pad(gender === 'F' ? day + 40 : day, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(random.int(1, 9999), 4)}`;
  };
  const newPerson = (over: Partial<Person> = {}, nikRate = o.nikRate): Person => {
    const gender = over.gender ?? (random.chance(0.5) ? 'M' : 'F');
    const given = random.pick(gender === 'M' ? maleNames : femaleNames);
    const family = over.fullName ?? random.pick(familyNames);
    const shape = random.next();
    const fullName =
      shape < 0.25
        ? given
        : shape < 0.4
          ? `${given} ${random.pick(gender === 'M' ? maleNames : femaleNames)} ${family}`
          : `${given} ${family}`;
    const birthDate = over.birthDate ?? `${random.int(1955, 2005)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`;
    const city = over.city ?? random.pick(cities);
    const id = `P${pad(++persons, 7)}`;
    return {
      id,
      gender,
      fullName,
      birthDate,
      nik: random.chance(nikRate) ? nikOf(city, gender, birthDate) : null,
      phoneDigits: over.phoneDigits ?? newPhone(),
      email: random.chance(o.emailRate) ? `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}.${persons}@mail.co.id` : null,
      street: over.street ?? random.pick(streets),
      number: over.number ?? random.int(1, 250),
      rt: over.rt ?? random.int(1, 15),
      rw: over.rw ?? random.int(1, 12),
      city,
    };
  };

  const instant = (at: Moment) => {
    const ms = UNTIL - (SPAN_DAYS - at.day) * DAY_MS;
    return new Date(o.timeResolution === 'day' ? ms : ms + (9 * 60 + at.minute) * 60_000).toISOString();
  };
  /** An unrelated occasion: a promotion day for some, any day for the rest, during opening hours. */
  const occasion = (): Moment => ({
    day: random.chance(o.promotionShare) ? random.pick(promotionDays) : random.int(0, SPAN_DAYS - 1),
    minute: random.int(0, 11 * 60),
  });

  const card = (
    p: Person,
    role: LabelledCustomer['role'],
    at: Moment,
    outletCode: string,
    draft: Partial<SyntheticCustomer['draft']> = {},
  ): LabelledCustomer => ({
    personId: p.id,
    role,
    outletCode,
    registeredAt: instant(at),
    purchases: [],
    draft: {
      fullName: p.fullName,
      phone: `0${p.phoneDigits}`,
      cardNo: `77${pad(++cardSeq, 10)}`,
      birthDate: random.chance(o.dobBlankRate) ? null : p.birthDate,
      gender: p.gender,
      nik: p.nik,
      email: p.email,
      address: random.chance(o.addressBlankRate) ? null : formatAddress(p, random, false),
      city: p.city.city,
      consentMarketing: random.chance(0.7),
      ...draft,
    },
  });

  while (emitted < options.cards) {
    const roll = random.next();
    const out: LabelledCustomer[] = [];
    if (roll < o.farmerRate) out.push(...farmer());
    else if (roll < o.farmerRate + o.householdRate) out.push(...household());
    else {
      const p = newPerson();
      const first = card(p, 'single', occasion(), random.pick(DEDUP_OUTLETS));
      out.push(first);
      if (roll < o.farmerRate + o.householdRate + o.reregistrationRate) {
        first.role = 'original';
        out.push(...reregistrations(p, random.chance(0.75) ? 1 : random.int(2, 3)));
      }
    }
    for (const c of out) {
      if (emitted >= options.cards) return;
      emitted++;
      yield c;
    }
  }

  function farmer(): LabelledCustomer[] {
    const out: LabelledCustomer[] = [];
    const farmer = newPerson();
    const total = powerLaw(random, o.farmCards.min, o.farmCards.max, o.farmCards.alpha);
    let at: Moment = { day: random.chance(0.8) ? random.pick(promotionDays) : random.int(0, SPAN_DAYS - 100), minute: random.int(0, 10 * 60) };
    let outlet: string = random.pick(DEDUP_OUTLETS);
    out.push(card(farmer, 'farmer', at, outlet));
    for (let k = 1; k < total; k++) {
      if (random.chance(o.revisitRate)) {
        const gap = random.int(o.revisitDays[0], o.revisitDays[1]);
        // The next promotion after the gap, when there is one.
        const next = promotionDays.find((d) => d >= at.day + gap);
        at = { day: next !== undefined && next - at.day <= gap + 14 ? next : at.day + gap, minute: random.int(0, 10 * 60) };
        if (random.chance(o.otherOutletRate)) outlet = random.pick(DEDUP_OUTLETS);
      } else at = { day: at.day, minute: at.minute + random.int(1, 8) };
      const borrowed = newPerson({}, 0);
      persons--; // a borrowed name is not a person of the data set
      const phoneRoll = random.next();
      const phone =
        phoneRoll < o.farmPhone.same
          ? phoneFormat(farmer.phoneDigits, random)
          : phoneRoll < o.farmPhone.same + o.farmPhone.oneDigitOff
            ? `0${oneDigitOff(farmer.phoneDigits, random)}`
            : `0${newPhone()}`;
      const useAddress = random.chance(o.farmAddressRate);
      const dob = random.chance(o.borrowedDobBlankRate) ? null : borrowed.birthDate;
      const withNik = dob !== null && random.chance(o.borrowedNikRate);
      const gender = withNik || random.chance(0.5) ? borrowed.gender : null;
      out.push(
        card({ ...borrowed, id: farmer.id }, 'farmer', at, outlet, {
          fullName: random.chance(o.ownNameRate) ? nameVariant(farmer.fullName, farmer.gender, random) : borrowed.fullName,
          phone,
          address: useAddress ? formatAddress(farmer, random, true) : random.chance(0.5) ? formatAddress(borrowed, random, false) : null,
          city: useAddress ? farmer.city.city : borrowed.city.city,
          birthDate: dob,
          gender,
          nik: withNik ? nikOf(borrowed.city, borrowed.gender, dob) : null,
          email: null,
        }),
      );
    }
    // Sometimes his spouse is a real customer too, registered on her own occasion.
    if (random.chance(0.25)) {
      const spouse = newPerson({
        gender: farmer.gender === 'M' ? 'F' : 'M',
        phoneDigits: farmer.phoneDigits,
        street: farmer.street,
        number: farmer.number,
        rt: farmer.rt,
        rw: farmer.rw,
        city: farmer.city,
      });
      out.push(card(spouse, 'household', occasion(), random.pick(DEDUP_OUTLETS), { phone: phoneFormat(farmer.phoneDigits, random) }));
    }
    return out;
  }

  function household(): LabelledCustomer[] {
    const out: LabelledCustomer[] = [];
    const head = newPerson();
    const size = random.int(o.householdSize[0], o.householdSize[1]);
    const sharedPhone = random.chance(o.householdSharedPhoneRate);
    const together = random.chance(o.householdTogetherRate);
    const outlet = random.pick(DEDUP_OUTLETS);
    const start = occasion();
    for (let k = 0; k < size; k++) {
      const member =
        k === 0
          ? head
          : newPerson({
              gender: k === 1 ? (head.gender === 'M' ? 'F' : 'M') : undefined,
              // Children often carry the father's family name; spouses keep their own.
              fullName: k >= 2 && random.chance(0.5) ? lastWord(head.fullName) : undefined,
              phoneDigits: sharedPhone ? head.phoneDigits : undefined,
              street: head.street,
              number: head.number,
              rt: head.rt,
              rw: head.rw,
              city: head.city,
            });
      const with2 = together && k < 2;
      out.push(
        card(
          member,
          'household',
          with2 ? { day: start.day, minute: start.minute + k * random.int(1, 4) } : occasion(),
          with2 ? outlet : random.pick(DEDUP_OUTLETS),
          sharedPhone ? { phone: phoneFormat(head.phoneDigits, random) } : {},
        ),
      );
      if (random.chance(0.08)) out.push(...reregistrations(member, 1));
    }
    return out;
  }

  function reregistrations(p: Person, count: number): LabelledCustomer[] {
    const out: LabelledCustomer[] = [];
    for (let k = 0; k < count; k++) {
      const moved = random.chance(0.12);
      const newNumber = random.chance(0.3);
      const dobRoll = random.next();
      const birthDate = dobRoll < 0.72 ? p.birthDate : dobRoll < 0.87 ? null : birthDateTypo(p.birthDate, random);
      const home: Person = moved
        ? { ...p, street: random.pick(streets), number: random.int(1, 250), rt: random.int(1, 15), rw: random.int(1, 12) }
        : p;
      out.push(
        card(p, 'reregistration', occasion(), random.pick(DEDUP_OUTLETS), {
          fullName: nameVariant(p.fullName, p.gender, random),
          phone: newNumber ? `0${newPhone()}` : phoneFormat(p.phoneDigits, random),
          birthDate,
          // The NIK must agree with the birth date to pass validation; a typo'd date goes without it.
          nik: birthDate === p.birthDate && random.chance(0.7) ? p.nik : null,
          gender: random.chance(0.85) ? p.gender : null,
          email: random.chance(0.5) ? p.email : null,
          address: random.chance(0.93) ? formatAddress(home, random, true) : null,
        }),
      );
    }
    return out;
  }
}

function lastWord(name: string): string {
  return name.split(' ').pop()!;
}

/** The number with one of its last eight digits changed (a typo, or the buyer's second SIM). */
export function oneDigitOff(digits: string, random: SeededRandom): string {
  const at = random.int(digits.length - 8, digits.length - 1);
  const d = (Number(digits[at]) + random.int(1, 9)) % 10;
  return digits.slice(0, at) + String(d) + digits.slice(at + 1);
}

/** The same mobile number written the ways people write it. */
export function phoneFormat(digits: string, random: SeededRandom): string {
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 7);
  const c = digits.slice(7);
  switch (random.int(0, 5)) {
    case 0:
      return `0${a}-${b}-${c}`;
    case 1:
      return `0${a} ${b} ${c}`;
    case 2:
      return `+62 ${a}-${b}-${c}`;
    case 3:
      return `62${digits}`;
    case 4:
      return `(0${a}) ${b}${c}`;
    default:
      return `0${digits}`;
  }
}

function formatAddress(p: Pick<Person, 'street' | 'number' | 'rt' | 'rw'>, random: SeededRandom, vary: boolean): string {
  if (!vary) return `Jl. ${p.street} No. ${p.number}, RT ${pad(p.rt, 3)}/RW ${pad(p.rw, 3)}`;
  const jl = random.pick(['Jl.', 'Jln.', 'Jalan', 'JL', 'jl']);
  const no = random.pick(['No.', 'No', 'no.', 'Nomor', '']);
  const rtrw = random.pick([
    `RT ${pad(p.rt, 3)}/RW ${pad(p.rw, 3)}`,
    `RT${p.rt}/RW${p.rw}`,
    `Rt.${pad(p.rt, 2)} Rw.${pad(p.rw, 2)}`,
    `RT ${pad(p.rt, 3)}/${pad(p.rw, 3)}`,
    '',
  ]);
  return `${jl} ${p.street} ${no} ${p.number}${rtrw ? `, ${rtrw}` : ''}`.replace(/\s+/g, ' ');
}

function birthDateTypo(date: string, random: SeededRandom): string {
  const [y, m, d] = date.split('-');
  // Day and month swapped when both fit, else one digit of the year slipped.
  if (Number(d) <= 12 && d !== m && random.chance(0.5)) return `${y}-${d}-${m}`;
  const year = Number(y) + (random.chance(0.5) ? 1 : -1);
  return `${year}-${m}-${d}`;
}

const OLD_SPELLING: [RegExp, string][] = [
  [/u/, 'oe'],
  [/j/, 'dj'],
  [/c/, 'tj'],
  [/y/, 'j'],
  [/kh/, 'ch'],
  [/sy/, 'sj'],
];

/** A spelling variant of a name as a clerk or the customer might type it. */
export function nameVariant(name: string, gender: 'M' | 'F', random: SeededRandom): string {
  let words = name.split(' ');
  const kinds = random.int(1, 2);
  for (let k = 0; k < kinds; k++) {
    switch (random.int(0, 7)) {
      case 0: {
        // Title in front.
        const titles = gender === 'M' ? ['Bapak', 'Bpk.', 'Pak', 'H.', 'Sdr.', 'Ir.', 'Drs.'] : ['Ibu', 'Bu', 'Hj.', 'Sdri.', 'Ny.'];
        words = [random.pick(titles), ...words];
        break;
      }
      case 1:
        words = [...words.slice(0, -1), `${words[words.length - 1]},`, random.pick(['S.E.', 'S.H.', 'S.Kom.', 'M.M.', 'S.Pd.', 'A.Md.'])];
        break;
      case 2: {
        // Old spelling on one word where a rule applies.
        const i = random.int(0, words.length - 1);
        const rules = OLD_SPELLING.filter(([re]) => re.test(words[i]!.toLowerCase()));
        if (rules.length) {
          const [re, to] = random.pick(rules);
          const w = words[i]!.toLowerCase().replace(re, to);
          words[i] = w.charAt(0).toUpperCase() + w.slice(1);
        }
        break;
      }
      case 3: {
        // A typo in one word of four letters or more: swap, drop or double a letter.
        const i = random.int(0, words.length - 1);
        const w = words[i]!;
        if (w.length < 4) break;
        const at = random.int(1, w.length - 2);
        const op = random.int(0, 2);
        words[i] =
          op === 0
            ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)
            : op === 1
              ? w.slice(0, at) + w.slice(at + 1)
              : w.slice(0, at) + w[at] + w.slice(at);
        break;
      }
      case 4:
        words = words.map((w) => w.toUpperCase());
        break;
      case 5: {
        const i = words.findIndex((w) => /^(muhammad|ahmad|nur|nurul)$/i.test(w));
        if (i >= 0)
          words[i] = /^muh/i.test(words[i]!)
            ? random.pick(['M.', 'Moh.', 'Mochammad', 'Muhamad', 'Mohammad'])
            : /^ahm/i.test(words[i]!)
              ? 'Achmad'
              : 'Noor';
        else words = words.map((w) => w.toLowerCase());
        break;
      }
      case 6:
        // A middle name left out.
        if (words.length === 3) words = [words[0]!, words[2]!];
        break;
      default:
        // A double letter written single or the reverse (Rahmat / Rachmat is covered by old spelling).
        words = words.map((w) => (random.chance(0.5) ? w.replace(/([aiu])\1/, '$1').replace(/([lnrt])(?=[aeiou])/, '$1$1') : w));
    }
  }
  return words.join(' ');
}
