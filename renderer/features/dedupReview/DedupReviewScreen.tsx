import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  DedupClusterDetail,
  DedupClusterKind,
  DedupClusterSummary,
  DedupMember,
  DedupMergeSummary,
  DedupScanSummary,
} from '../../../shared/types';
import { maskPhone } from '../../../shared/phone';
import { formatInZone } from '../../../shared/zoneTime';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { localeOf } from '../../i18n';
import { evidenceText, MEMBER_FIELDS as FIELDS, memberValue, type MemberField as Field } from './memberFormat';
import { registerDedupStrings } from './strings';
import './dedupReview.css';

/** The managers' review queue: clusters by confidence and size, evidence side by side, merge or reject, undo. */
export function DedupReviewScreen() {
  const { t, i18n } = useTranslation();
  registerDedupStrings(i18n);
  const api = useApi();
  const [scan, setScan] = useState<DedupScanSummary | null>(null);
  const [clusters, setClusters] = useState<DedupClusterSummary[]>([]);
  const [kind, setKind] = useState<DedupClusterKind | 'all'>('all');
  const [open, setOpen] = useState<DedupClusterDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [lastMerge, setLastMerge] = useState<DedupMergeSummary | null>(null);
  const [minConfidence, setMinConfidence] = useState(0.95);
  const [view, setView] = useState<'queue' | 'history'>('queue');
  const [confirm, setConfirm] = useState<{ count: number; more: boolean } | null>(null);

  const fail = useCallback((error: unknown) => setMessage(t('dedupReview.error', { message: t(errorShapeOf(error).messageKey) })), [t]);
  const reload = useCallback(async () => {
    setScan(await api['dedup.lastScan']({}));
    setClusters(await api['dedup.clusters']({ kind }));
  }, [api, kind]);

  useEffect(() => {
    reload().catch(fail);
  }, [reload, fail]);

  // Stable across renders: the merge history loads through it in an effect, which would otherwise run again
  // on every render (and each run re-renders), reloading without end and keeping its undo buttons disabled.
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      try {
        await work();
      } catch (error) {
        fail(error);
      } finally {
        setBusy(false);
      }
    },
    [fail],
  );

  if (open)
    return (
      <ClusterReview
        cluster={open}
        busy={busy}
        onBack={() => setOpen(null)}
        onDone={async (text, merge) => {
          setMessage(text);
          setLastMerge(merge ?? null);
          setOpen(null);
          await reload();
        }}
        run={run}
        message={message}
      />
    );

  return (
    <section aria-labelledby="dedup-title" className="dedup-review">
      <h1 id="dedup-title">{t('dedupReview.title')}</h1>
      <div className="report-tabs" role="tablist" aria-label={t('dedupReview.title')}>
        {(['queue', 'history'] as const).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className="tab-button" onClick={() => setView(v)}>
            {v === 'queue' ? t('dedupReview.tab') : t('dedupReview.history')}
          </button>
        ))}
      </div>
      {view === 'history' ? (
        <MergeHistory run={run} busy={busy} onChanged={reload} />
      ) : (
        <>
          <p>
            {scan
              ? t('dedupReview.summary', {
                  records: scan.records,
                  count: scan.clusters,
                  farming: scan.farmingClusters,
                  people: scan.estimatedPeople,
                })
              : t('dedupReview.noScan')}{' '}
            {scan?.estimatedRange && t('dedupReview.range', scan.estimatedRange)}{' '}
            {scan?.unseenFarmCards ? t('dedupReview.unseen', { unseen: scan.unseenFarmCards }) : null}{' '}
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  setScan(await api['dedup.scan']({}));
                  setClusters(await api['dedup.clusters']({ kind }));
                })
              }
            >
              {busy ? t('dedupReview.scanning') : t('dedupReview.scan')}
            </button>
          </p>
          {scan?.warning && (
            <p className="field-warning" data-testid="dedup-learning-warning">
              {t(scan.warning.messageKey, scan.warning.params)}
            </p>
          )}
          {message && (
            <p role="status">
              {message}{' '}
              {lastMerge && !lastMerge.undoneAt && (
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    run(async () => {
                      await api['dedup.unmerge']({ mergeId: lastMerge.mergeId });
                      setLastMerge(null);
                      setMessage(t('dedupReview.undone'));
                      await reload();
                    })
                  }
                >
                  {t('dedupReview.undo')}
                </button>
              )}
            </p>
          )}
          <div className="dedup-toolbar">
            <label>
              {t('dedupReview.filter')}{' '}
              <select value={kind} onChange={(e) => setKind(e.target.value as DedupClusterKind | 'all')}>
                <option value="all">{t('dedupReview.kindAll')}</option>
                <option value="person">{t('dedupReview.kind_person')}</option>
                <option value="farming">{t('dedupReview.kind_farming')}</option>
                <option value="household">{t('dedupReview.kind_household')}</option>
              </select>
            </label>{' '}
            <label>
              {t('dedupReview.bulkLabel')}{' '}
              <input
                type="number"
                min={50}
                max={100}
                step={1}
                value={Math.round(minConfidence * 100)}
                onChange={(e) => setMinConfidence(Math.min(1, Math.max(0.5, Number(e.target.value) / 100)))}
              />
            </label>{' '}
            <button
              type="button"
              className="button"
              disabled={busy || !scan}
              onClick={() =>
                run(async () => {
                  // Say how many before merging them: the same query the merge will run, capped at one page.
                  const matching = await api['dedup.clusters']({ kind: 'person', minConfidence, limit: 500 });
                  setConfirm({ count: matching.length, more: matching.length === 500 });
                })
              }
            >
              {t('dedupReview.bulkMerge', { percent: Math.round(minConfidence * 100) })}
            </button>
            {confirm && (
              <div role="alertdialog" aria-labelledby="bulk-confirm-text" className="dedup-confirm">
                {confirm.count === 0 ? (
                  <p id="bulk-confirm-text">{t('dedupReview.bulkNone', { percent: Math.round(minConfidence * 100) })}</p>
                ) : (
                  <p id="bulk-confirm-text">
                    {confirm.more
                      ? t('dedupReview.bulkConfirmMany', { count: confirm.count, percent: Math.round(minConfidence * 100) })
                      : t('dedupReview.bulkConfirm', { count: confirm.count, percent: Math.round(minConfidence * 100) })}
                  </p>
                )}
                {confirm.count > 0 && (
                  <button
                    type="button"
                    className="button primary"
                    disabled={busy}
                    onClick={() =>
                      run(async () => {
                        setConfirm(null);
                        const { merged } = await api['dedup.bulkMerge']({ minConfidence, kind: 'person' });
                        setLastMerge(null);
                        setMessage(t('dedupReview.bulkDone', { count: merged }));
                        await reload();
                      })
                    }
                  >
                    {t('dedupReview.bulkYes', { count: confirm.count })}
                  </button>
                )}{' '}
                <button type="button" className="button" autoFocus onClick={() => setConfirm(null)}>
                  {t('dedupReview.cancel')}
                </button>
              </div>
            )}
          </div>
          {clusters.length === 0 ? (
            <p className="muted">{t('dedupReview.empty')}</p>
          ) : (
            <ul className="plain dedup-list" aria-label={t('dedupReview.title')}>
              {clusters.map((c) => (
                <li key={c.id} className="dedup-item">
                  <span className={`badge badge-${c.kind}`}>{t(`dedupReview.kind_${c.kind}`)}</span> <strong>{c.names.join(' · ')}</strong>{' '}
                  <span className="muted">
                    {t('dedupReview.confidence')} {Math.round(c.confidence * 100)}% · {t('dedupReview.cards', { count: c.cardCount })}
                  </span>{' '}
                  <button
                    type="button"
                    className="button"
                    aria-label={`${t('dedupReview.review')}: ${c.names.join(', ')}`}
                    onClick={() =>
                      run(async () => {
                        const detail = await api['dedup.cluster']({ clusterId: c.id });
                        setMessage(null);
                        setOpen(detail);
                      })
                    }
                  >
                    {t('dedupReview.review')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Every merge, newest first, with its names as they were and an undo for each one still in effect. */
function MergeHistory({
  run,
  busy,
  onChanged,
}: {
  run: (work: () => Promise<void>) => Promise<void>;
  busy: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [merges, setMerges] = useState<DedupMergeSummary[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useCallback(async () => setMerges(await api['dedup.merges']({ limit: 200 })), [api]);
  useEffect(() => {
    void run(load);
  }, [run, load]);
  const locale = localeOf(i18n.language);
  const nameOf = (m: DedupMergeSummary, id: string) => m.names?.[id] ?? '—';
  if (!merges) return null;
  return (
    <section aria-labelledby="merge-history-title">
      <h2 id="merge-history-title">{t('dedupReview.history')}</h2>
      {status && <p role="status">{status}</p>}
      {merges.length === 0 ? (
        <p className="muted">{t('dedupReview.historyEmpty')}</p>
      ) : (
        <table className="table" aria-labelledby="merge-history-title">
          <thead>
            <tr>
              <th scope="col">{t('dedupReview.historyWhen')}</th>
              <th scope="col">{t('dedupReview.historyKept')}</th>
              <th scope="col">{t('dedupReview.historyMerged')}</th>
              <th scope="col">{t('dedupReview.historyBy')}</th>
              <th scope="col">{t('dedupReview.historyState')}</th>
            </tr>
          </thead>
          <tbody>
            {merges.map((m) => (
              <tr key={m.mergeId}>
                <td>{formatInZone(m.createdAt, locale, 'Asia/Jakarta')}</td>
                <td>{nameOf(m, m.survivorId)}</td>
                <td>{m.mergedIds.map((id) => nameOf(m, id)).join(', ')}</td>
                <td>{m.createdByStaff ?? '—'}</td>
                <td>
                  {m.undoneAt ? (
                    t('dedupReview.historyUndone', { at: formatInZone(m.undoneAt, locale, 'Asia/Jakarta') })
                  ) : (
                    <>
                      {t('dedupReview.historyActive')}{' '}
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        aria-label={t('dedupReview.undoOne', { name: nameOf(m, m.survivorId) })}
                        onClick={() =>
                          run(async () => {
                            await api['dedup.unmerge']({ mergeId: m.mergeId });
                            setStatus(t('dedupReview.undone'));
                            await load();
                            await onChanged();
                          })
                        }
                      >
                        {t('dedupReview.undoShort')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface ReviewProps {
  cluster: DedupClusterDetail;
  busy: boolean;
  onBack: () => void;
  onDone: (message: string, merge?: DedupMergeSummary) => Promise<void>;
  run: (work: () => Promise<void>) => Promise<void>;
  /** The last error, shown here too: a failed merge must say why where the manager is looking. */
  message: string | null;
}

function ClusterReview({ cluster, busy, onBack, onDone, run, message }: ReviewProps) {
  const { t, i18n } = useTranslation();
  const display = (m: DedupMember, field: Parameters<typeof memberValue>[3]) => memberValue(t, i18n.language, m, field);
  const api = useApi();
  const members = cluster.members.filter((m) => !m.mergedInto);
  const [survivorId, setSurvivorId] = useState(members[0]?.id ?? '');
  const [choices, setChoices] = useState<Partial<Record<Field, string>>>({});
  const chosen = (field: Field) =>
    choices[field] ?? (members.find((m) => m.id === survivorId)?.[field] ? survivorId : (members.find((m) => m[field])?.id ?? survivorId));
  const nameOf = (id: string) => members.find((m) => m.id === id)?.fullName ?? id;
  const facts = cluster.facts as { largestBurst?: number; distinctNames?: number; sharedPhones?: string[] } | null;
  const mergeable = cluster.kind !== 'household' && cluster.status === 'open';
  const [points, setPoints] = useState<'transfer' | 'forfeit'>('transfer');
  const [pointsReason, setPointsReason] = useState('');
  const [pointsError, setPointsError] = useState(false);

  return (
    <section aria-labelledby="cluster-title" className="dedup-review">
      <h1 id="cluster-title">
        {t(`dedupReview.kind_${cluster.kind}`)} · {t('dedupReview.confidence')} {Math.round(cluster.confidence * 100)}%
      </h1>
      <button type="button" className="button" onClick={onBack}>
        {t('dedupReview.back')}
      </button>
      {cluster.kind === 'farming' && facts && (
        <p>
          {t('dedupReview.farmingFacts', {
            burst: facts.largestBurst ?? 0,
            names: facts.distinctNames ?? 0,
            phones: (facts.sharedPhones ?? []).map(maskPhone).join(', '),
          })}
        </p>
      )}
      <div className="dedup-compare" role="region" aria-label={t('dedupReview.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dedupReview.field')}</th>
              {members.map((m) => (
                <th scope="col" key={m.id}>
                  <span className="dedup-head-name">{m.fullName}</span>
                  <br />
                  {!mergeable ? (
                    <span className="muted small">
                      {t(cluster.kind === 'household' ? 'dedupReview.householdMember' : 'dedupReview.otherRecord')}
                    </span>
                  ) : survivorId === m.id ? (
                    <strong className="small">{t('dedupReview.survivor')}</strong>
                  ) : (
                    <span className="muted small">{t('dedupReview.otherRecord')}</span>
                  )}
                  {mergeable && (
                    <label className="small dedup-make-survivor">
                      <input type="radio" name="survivor" checked={survivorId === m.id} onChange={() => setSurvivorId(m.id)} />{' '}
                      {t('dedupReview.makeSurvivor')}
                    </label>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {FIELDS.map((field) => (
              <tr key={field}>
                <th scope="row">{t(`dedupReview.fields.${field}`)}</th>
                {members.map((m) => (
                  <td key={m.id}>
                    <label>
                      {mergeable && (
                        <input
                          type="radio"
                          name={`keep-${field}`}
                          aria-label={`${t('dedupReview.keep')} ${t(`dedupReview.fields.${field}`)}: ${display(m, field) || '—'}`}
                          checked={chosen(field) === m.id}
                          onChange={() => setChoices({ ...choices, [field]: m.id })}
                        />
                      )}{' '}
                      {display(m, field) || <span className="muted">—</span>}
                    </label>
                  </td>
                ))}
              </tr>
            ))}
            {(['phones', 'cardNos', 'registeredAt'] as const).map((field) => (
              <tr key={field}>
                <th scope="row">{t(`dedupReview.fields.${field}`)}</th>
                {members.map((m) => (
                  <td key={m.id} className={field === 'cardNos' ? 'mono' : undefined}>
                    {display(m, field)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cluster.pairs[0] && <Evidence cluster={cluster} />}
      {mergeable && (
        <fieldset className="points-choice">
          <legend>{t('dedupReview.points.legend', { name: nameOf(survivorId) })}</legend>
          {cluster.kind === 'farming' && <p className="hint">{t('dedupReview.points.farmingHint')}</p>}
          <label>
            <input type="radio" name="points" checked={points === 'transfer'} onChange={() => setPoints('transfer')} />{' '}
            {t('dedupReview.points.transfer', { name: nameOf(survivorId) })}
          </label>
          <label>
            <input type="radio" name="points" checked={points === 'forfeit'} onChange={() => setPoints('forfeit')} />{' '}
            {t('dedupReview.points.forfeit')}
          </label>
          {points === 'forfeit' && (
            <label className="points-reason">
              {t('dedupReview.points.reason')}{' '}
              <input
                type="text"
                value={pointsReason}
                maxLength={200}
                aria-invalid={pointsError}
                aria-describedby={pointsError ? 'points-reason-error' : undefined}
                onChange={(e) => {
                  setPointsReason(e.target.value);
                  setPointsError(false);
                }}
              />
              {pointsError && (
                <span id="points-reason-error" className="field-error">
                  {t('dedupReview.points.reasonRequired')}
                </span>
              )}
            </label>
          )}
        </fieldset>
      )}
      {message && <p role="status">{message}</p>}
      {mergeable && (
        <p>
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => {
              if (points === 'forfeit' && !pointsReason.trim()) {
                setPointsError(true);
                return;
              }
              return run(async () => {
                const fieldChoices = Object.fromEntries(FIELDS.map((f) => [f, chosen(f)]));
                const merge = await api['dedup.merge']({
                  clusterId: cluster.id,
                  survivorId,
                  fieldChoices,
                  ...(points === 'forfeit' ? { points, pointsReason: pointsReason.trim() } : {}),
                });
                await onDone(t('dedupReview.merged', { name: nameOf(survivorId) }), merge);
              });
            }}
          >
            {t('dedupReview.merge')}
          </button>{' '}
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              run(async () => {
                await api['dedup.rejectCluster']({ clusterId: cluster.id });
                await onDone(t('dedupReview.rejected'));
              })
            }
          >
            {t('dedupReview.reject')}
          </button>
        </p>
      )}
    </section>
  );
}

/** The strongest pair's evidence, each piece in words with its rounded weight. */
function Evidence({ cluster }: { cluster: DedupClusterDetail }) {
  const { t, i18n } = useTranslation();
  const pair = cluster.pairs[0]!;
  const a = cluster.members.find((m) => m.id === pair.a);
  const b = cluster.members.find((m) => m.id === pair.b);
  return (
    <section aria-label={t('dedupReview.evidence')}>
      <h2>{t('dedupReview.evidence')}</h2>
      {a && b && <p className="muted small">{t('dedupReview.evidenceBetween', { a: a.fullName, b: b.fullName })}</p>}
      <ul className="plain">
        {pair.evidence.map((e) => (
          <li key={e.kind} className={e.weight > 0 ? 'evidence-for' : 'evidence-against'}>
            {evidenceText(t, i18n.language, e, a, b)}
          </li>
        ))}
      </ul>
    </section>
  );
}
