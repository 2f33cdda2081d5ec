import { deviceToday } from '../ledgerDays';
import { loyaltyTiers } from '../../../../db/schema/tiers';
import { tierProgrammeInputSchema, type TierLevel, type TierProgramme } from '../../../../shared/loyaltyTiers';
import { roleRank, type Session } from '../../auth/roles';
import { fieldIssues, validationFailure } from '../../customers/validateDraft';
import { newId } from '../../ids';
import type { Store } from '../../store/store';
import { transact } from '../../store/writer';
import { loyaltyErrors } from '../errors';
import { overlapping } from '../rules';
import { prepared } from '../statements';

function programmeFromRow(row: Record<string, unknown>): TierProgramme {
  return {
    id: row.id as string,
    validFrom: row.valid_from as string,
    validTo: (row.valid_to as string | null) ?? null,
    graceDays: row.grace_days as number,
    levels: JSON.parse(row.levels as string) as TierLevel[],
  };
}

export function listTierProgrammes(store: Store): TierProgramme[] {
  return (prepared(store, 'SELECT * FROM loyalty_tiers WHERE deleted_at IS NULL ORDER BY valid_from').all() as Record<string, unknown>[]).map(
    programmeFromRow,
  );
}

/** The tier thresholds in force on a day, if any (versions never apply backwards). */
/** One version by id (the one a customer's cached tier was computed with). */
export function tierProgrammeById(store: Store, id: string): TierProgramme | null {
  const row = prepared(store, 'SELECT * FROM loyalty_tiers WHERE id = ? AND deleted_at IS NULL').get(id) as Record<string, unknown> | undefined;
  return row ? programmeFromRow(row) : null;
}

export function tiersOn(store: Store, onDay: string): TierProgramme | null {
  const row = prepared(
    store,
    `SELECT * FROM loyalty_tiers WHERE deleted_at IS NULL AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)
       ORDER BY valid_from DESC, id DESC LIMIT 1`,
  ).get(onDay, onDay) as Record<string, unknown> | undefined;
  return row ? programmeFromRow(row) : null;
}

/**
 * A manager sets a new version of the tiers, as the points rules are set: from today or later, ending the
 * open-ended current version, never sharing a day with another. Thresholds rise strictly from tier to tier.
 */
export function setTiers(store: Store, manager: Session | null, input: unknown): TierProgramme {
  if (!manager || roleRank[manager.role] < roleRank.manager) throw loyaltyErrors.managerRequired();
  const parsed = tierProgrammeInputSchema.safeParse(input);
  if (!parsed.success) throw validationFailure(fieldIssues(parsed.error));
  const programme = parsed.data;
  const validTo = programme.validTo ?? null;
  if (programme.validFrom < deviceToday(store)) throw loyaltyErrors.ruleBackdated();
  if (validTo !== null && validTo <= programme.validFrom) throw loyaltyErrors.rulePeriodInvalid();
  const codes = new Set<string>();
  for (const [i, level] of programme.levels.entries()) {
    if (codes.has(level.code)) throw loyaltyErrors.tierCodeDuplicate(level.code);
    codes.add(level.code);
    if (i > 0 && level.minSpend <= programme.levels[i - 1]!.minSpend) throw loyaltyErrors.tierThresholdsNotIncreasing();
  }
  const id = newId();
  transact(store, (w) => {
    const versions = listTierProgrammes(store);
    const clash = overlapping(versions, programme.validFrom, validTo);
    if (clash) throw loyaltyErrors.ruleOverlap('tiers', clash);
    for (const open of versions)
      if (open.validTo === null && open.validFrom < programme.validFrom) w.update(loyaltyTiers, open.id, { validTo: programme.validFrom });
    w.insert(loyaltyTiers, {
      id,
      validFrom: programme.validFrom,
      validTo,
      graceDays: programme.graceDays,
      levels: JSON.stringify(programme.levels),
    });
  });
  return listTierProgrammes(store).find((p) => p.id === id)!;
}
