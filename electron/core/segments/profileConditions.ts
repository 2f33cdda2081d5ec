import { AkrabError } from '../../../shared/errors';
import type { SegmentCondition } from '../../../shared/segments';
import { tagId } from '../knowledge/profile';
import type { Store } from '../store/store';
import type { SqlPart } from './compile';
import { likePattern, placeholders } from './sqlText';

type ProfileCondition = Extract<SegmentCondition, { field: 'interest' | 'occupation' | 'preferredChannel' | 'competitorProduct' | 'familyMember' }>;

const fact = (key: string, test: string) =>
  `c.id IN (SELECT customer_id FROM customer_facts WHERE key = '${key}' AND deleted_at IS NULL AND value IS NOT NULL AND ${test})`;

/**
 * The deeper profile as segment conditions (issue 19 point 1), read as the customer page reads it: the record's own
 * facts, interests, competitor products and family (a merge moves none of them). An interest tag is named by its
 * label, matched as the manager's list folds labels; a label not on the list is refused by name rather than
 * matching nobody.
 */
export function profileCondition(store: Store, c: ProfileCondition): SqlPart {
  switch (c.field) {
    case 'interest': {
      const ids = c.value.map(tagId);
      const known = new Set(store.sqlite.prepare(`SELECT id FROM interest_tags WHERE deleted_at IS NULL AND id IN (${placeholders(ids.length)})`).pluck().all(...ids));
      const unknown = c.value.find((_, i) => !known.has(ids[i]));
      if (unknown !== undefined) throw new AkrabError({ code: 'validation', field: 'value', messageKey: 'error.segment_interest_unknown', params: { label: unknown } });
      const tagged = `c.id IN (SELECT customer_id FROM customer_interests WHERE active = 1 AND deleted_at IS NULL AND tag_id IN (${placeholders(ids.length)}))`;
      return { sql: c.op === 'has' ? tagged : `NOT ${tagged}`, params: ids };
    }
    case 'occupation':
      return c.op === 'is'
        ? { sql: fact('occupation', 'lower(trim(value)) = ?'), params: [c.value.toLowerCase()] }
        : { sql: fact('occupation', `lower(value) LIKE ? ESCAPE '\\'`), params: [likePattern(c.value)] };
    case 'preferredChannel':
      return { sql: fact('preferred_channel', 'value = ?'), params: [c.value] };
    case 'competitorProduct':
      return {
        sql: `c.id IN (SELECT customer_id FROM competitor_products WHERE deleted_at IS NULL AND (lower(brand) LIKE ? ESCAPE '\\' OR lower(product) LIKE ? ESCAPE '\\'))`,
        params: [likePattern(c.value), likePattern(c.value)],
      };
    case 'familyMember':
      return { sql: 'c.id IN (SELECT customer_id FROM family_members WHERE deleted_at IS NULL AND relation = ?)', params: [c.value] };
  }
}
