/**
 * Days from `today` to the next birthday of someone born on `birthDate` (both YYYY-MM-DD; 0 = today). Someone
 * born on 29 February celebrates on 28 February in other years.
 */
export function daysUntilBirthday(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const [, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const dayOf = (year: number) => {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const day = bm === 2 && bd === 29 && !leap ? 28 : bd;
    return Date.UTC(year, bm - 1, day);
  };
  const now = Date.UTC(ty, tm - 1, td);
  const next = dayOf(ty) >= now ? dayOf(ty) : dayOf(ty + 1);
  return Math.round((next - now) / 86_400_000);
}

/** Birthdays this many days ahead (or fewer) are mentioned on the customer page. */
export const BIRTHDAY_SOON_DAYS = 14;
