import { SeededRandom } from '../demo/random';
import { cities, familyNames, femaleNames, maleNames, mobilePrefixes, streets } from '../demo/indonesianNames';
import type { SyntheticCustomer } from '../demo/syntheticCustomers';

/**
 * A synthetic Indonesian customer base with known truth, for the dedup benchmark and tests.
 *
 * Who is "the same person" (the modelling decision the truth encodes):
 * - an honest customer who registered again (spelling variant, title, old spelling, typo, phone written
 *   another way, sometimes a new phone or a move) is ONE person with several cards;
 * - a card farmer who registered 10–20 cards under borrowed names (his phone on almost all of them, his
 *   address on most, in bursts of minutes at one booth) is ONE person: the retailer's "real customers"
 *   count him once, whatever names the cards carry;
 * - a household (2–4 people at one address, often one phone, sometimes a couple registering together) is
 *   SEVERAL people: linked, never merged.
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
}

export const DEDUP_OUTLETS = ['JKT01', 'JKT02', 'BDG01', 'SBY01', 'MDN01', 'BOOTH1'] as const;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const UNTIL = Date.parse('2026-11-01T00:00:00Z');
const SPAN_MINUTES = 3 * 365 * 24 * 60;

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

export function* syntheticDuplicateSet(options: DuplicateSetOptions): Generator<LabelledCustomer> {
  const random = new SeededRandom(options.seed ?? 7);
  const reregistrationRate = options.reregistrationRate ?? 0.18;
  const householdRate = options.householdRate ?? 0.08;
  const farmerRate = options.farmerRate ?? 0.012;
  let emitted = 0;
  let persons = 0;
  let cardSeq = 0;
  let phoneSeq = 0;

  const newPhone = () => `${random.pick(mobilePrefixes)}${pad((++phoneSeq * 7919 + 1234567) % 100000000, 8)}`;
  const newPerson = (over: Partial<Person> = {}): Person => {
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
    const year = random.int(1955, 2005);
    const month = random.int(1, 12);
    const day = random.int(1, 28);
    const city = over.city ?? random.pick(cities);
    const id = `P${pad(++persons, 7)}`;
    return {
      id,
      gender,
      fullName,
      birthDate: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
      nik: random.chance(0.4)
        ? `${city.province}${pad(random.int(1, 79), 2)}${pad(random.int(1, 30), 2)}${pad(gender === 'F' ? day + 40 : day, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(random.int(1, 9999), 4)}`
        : null,
      phoneDigits: over.phoneDigits ?? newPhone(),
      email: random.chance(0.25) ? `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}.${persons}@mail.co.id` : null,
      street: over.street ?? random.pick(streets),
      number: over.number ?? random.int(1, 250),
      rt: over.rt ?? random.int(1, 15),
      rw: over.rw ?? random.int(1, 12),
      city,
    };
  };

  const card = (
    p: Person,
    role: LabelledCustomer['role'],
    minute: number,
    outletCode: string,
    draft: Partial<SyntheticCustomer['draft']> = {},
  ): LabelledCustomer => ({
    personId: p.id,
    role,
    outletCode,
    registeredAt: new Date(UNTIL - (SPAN_MINUTES - minute) * 60_000).toISOString(),
    purchases: [],
    draft: {
      fullName: p.fullName,
      phone: `0${p.phoneDigits}`,
      cardNo: `77${pad(++cardSeq, 10)}`,
      birthDate: p.birthDate,
      gender: p.gender,
      nik: p.nik,
      email: p.email,
      address: formatAddress(p, random, false),
      city: p.city.city,
      consentMarketing: random.chance(0.7),
      ...draft,
    },
  });

  const randomMinute = () => random.int(0, SPAN_MINUTES - 60 * 24 * 60);

  while (emitted < options.cards) {
    const roll = random.next();
    const out: LabelledCustomer[] = [];
    if (roll < farmerRate) {
      // A card farmer: his own card first, then borrowed names, in 1–3 booth sessions.
      const farmer = newPerson();
      const total = random.int(10, 20);
      const sessions = random.int(1, 3);
      const home: Person = farmer;
      let made = 0;
      for (let s = 0; s < sessions && made < total; s++) {
        let minute = randomMinute();
        const outlet = random.pick(DEDUP_OUTLETS);
        const inSession = s === sessions - 1 ? total - made : Math.max(3, Math.round(total / sessions));
        for (let k = 0; k < inSession && made < total; k++, made++) {
          minute += random.int(1, 6);
          if (made === 0) {
            out.push(card(farmer, 'farmer', minute, outlet));
            continue;
          }
          const borrowed = newPerson();
          persons--; // a borrowed name is not a person of the data set
          const usePhone = random.chance(0.9);
          const useAddress = !usePhone || random.chance(0.7);
          out.push(
            card({ ...borrowed, id: farmer.id }, 'farmer', minute, outlet, {
              phone: usePhone ? phoneFormat(farmer.phoneDigits, random) : `0${newPhone()}`,
              address: useAddress ? formatAddress(home, random, true) : formatAddress(borrowed, random, false),
              city: useAddress ? home.city.city : borrowed.city.city,
              birthDate: random.chance(0.5) ? borrowed.birthDate : null,
              gender: random.chance(0.5) ? borrowed.gender : null,
              nik: null,
              email: null,
            }),
          );
        }
      }
      // Sometimes his spouse is a real customer too, registered on her own at another time.
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
        out.push(card(spouse, 'household', randomMinute(), random.pick(DEDUP_OUTLETS), { phone: phoneFormat(farmer.phoneDigits, random) }));
      }
    } else if (roll < farmerRate + householdRate) {
      // A household: 2–4 people at one address, usually one phone; a couple may register together.
      const head = newPerson();
      const size = random.int(2, 4);
      const sharedPhone = random.chance(0.6);
      const together = random.chance(0.3);
      const outlet = random.pick(DEDUP_OUTLETS);
      const start = randomMinute();
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
        const minute = together && k < 2 ? start + k * random.int(1, 4) : randomMinute();
        out.push(
          card(
            member,
            'household',
            minute,
            together && k < 2 ? outlet : random.pick(DEDUP_OUTLETS),
            sharedPhone ? { phone: phoneFormat(head.phoneDigits, random) } : {},
          ),
        );
        if (random.chance(0.08)) out.push(...reregistrations(member, 1));
      }
    } else {
      const p = newPerson();
      const first = card(p, 'single', randomMinute(), random.pick(DEDUP_OUTLETS));
      out.push(first);
      if (roll < farmerRate + householdRate + reregistrationRate) {
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
        card(p, 'reregistration', randomMinute(), random.pick(DEDUP_OUTLETS), {
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
