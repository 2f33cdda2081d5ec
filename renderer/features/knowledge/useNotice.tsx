import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorShapeOf } from '../../api/errors';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

/** The panel's one-line outcome: a confirmation, or the core's error translated. */
export function useNotice() {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<Notice | null>(null);
  const fail = useCallback(
    (error: unknown) => {
      const shape = errorShapeOf(error);
      const issue = shape.issues?.[0] ?? shape;
      setNotice({ kind: 'error', text: t(issue.messageKey, issue.params) });
    },
    [t],
  );
  const ok = useCallback((text: string) => setNotice({ kind: 'ok', text }), []);
  return { notice, fail, ok, clear: () => setNotice(null) };
}

export function NoticeLine({ notice, testId }: { notice: Notice | null; testId?: string }) {
  if (!notice) return null;
  return (
    <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'error' : 'ok'} data-testid={testId}>
      {notice.text}
    </p>
  );
}
