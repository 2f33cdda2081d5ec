import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import type { AkrabErrorShape } from '../../../../shared/errors';
import type { AkrabApi } from '../../../../shared/contract';
import { useApi } from '../../../api/ApiContext';
import { errorShapeOf, type Message } from '../../../api/errors';

/**
 * The core's validation issues by their path inside the call's input, without the input's top key
 * (`rules.birthday.daysAhead` → `birthday.daysAhead`, `hours.2` → `2`): a settings form has the same field
 * name in several places (every rule has `enabled`), so the last part alone would not do.
 */
export function issuesByPath(shape: AkrabErrorShape, top: string): Record<string, Message> {
  const out: Record<string, Message> = {};
  for (const issue of shape.issues ?? [shape]) {
    if (!issue.field) continue;
    const path = issue.field === top ? '' : issue.field.startsWith(`${top}.`) ? issue.field.slice(top.length + 1) : issue.field;
    if (!(path in out)) out[path] = { key: issue.messageKey, params: issue.params };
  }
  return out;
}

/**
 * A settings form's current values, loaded once from the core: null until they arrive, then the form's own state
 * to edit (hence the setter), and the core's translated error when loading failed.
 */
export function useLoadedSetting<T>(load: (api: AkrabApi) => Promise<T>): [T | null, Dispatch<SetStateAction<T | null>>, Message | null] {
  const api = useApi();
  const [value, setValue] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<Message | null>(null);
  const loader = useRef(load);
  useEffect(() => {
    let alive = true;
    loader.current(api).then(
      (loaded) => alive && setValue(loaded),
      (e) => {
        const shape = errorShapeOf(e);
        if (alive) setLoadError({ key: shape.messageKey, params: shape.params });
      },
    );
    return () => {
      alive = false;
    };
  }, [api]);
  return [value, setValue, loadError];
}

export interface SaveState {
  busy: boolean;
  /** Field errors by path (see issuesByPath). */
  errors: Record<string, Message>;
  /** The error the form shows at its foot: the core's message when it names no field, else "check the marked fields". */
  error: Message | null;
  /** What the status line says after a save. */
  done: string;
  run: <T>(call: () => Promise<T>, after: (value: T) => string) => Promise<boolean>;
  reset: () => void;
}

/**
 * Busy flag, translated errors and the "saved" line of one settings form. `top` is the call's input key the
 * paths start with; `shown` says which paths the form marks beside a field: when the core names one of them the
 * foot says "check the marked fields", otherwise it gives the core's own message (an outlet never open, no outlet set).
 */
export function useSaveState(top: string, shown: RegExp = /(?!)/): SaveState {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, Message>>({});
  const [error, setError] = useState<Message | null>(null);
  const [done, setDone] = useState('');
  const reset = useCallback(() => {
    setErrors({});
    setError(null);
    setDone('');
  }, []);
  const run = useCallback(
    async <T,>(call: () => Promise<T>, after: (value: T) => string): Promise<boolean> => {
      setBusy(true);
      setErrors({});
      setError(null);
      setDone('');
      try {
        const value = await call();
        setDone(after(value) || t('careSettings.saved'));
        return true;
      } catch (e) {
        const shape = errorShapeOf(e);
        const byPath = issuesByPath(shape, top);
        setErrors(byPath);
        setError(
          Object.keys(byPath).some((path) => shown.test(path))
            ? { key: 'error.validation' }
            : { key: shape.messageKey, params: shape.params },
        );
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t, top, shown],
  );
  return { busy, errors, error, done, run, reset };
}

/** The form's foot: the error (announced) and the status line. */
export function SaveMessages({ state, id }: { state: SaveState; id: string }) {
  const { t } = useTranslation();
  return (
    <>
      {state.error && (
        <p role="alert" className="field-error" id={`${id}-error`}>
          {t(state.error.key, state.error.params)}
        </p>
      )}
      <p className="muted small" role="status" data-testid={`${id}-status`}>
        {state.done}
      </p>
    </>
  );
}

/** A field's own message under it; `id` is what the input's aria-describedby names. */
export function FieldError({ message, id }: { message: Message | undefined; id: string }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <span className="field-error" id={id}>
      {t(message.key, message.params)}
    </span>
  );
}

/** Text from a number box → the number the core expects; empty or junk → NaN, which the core refuses with its message. */
export function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
