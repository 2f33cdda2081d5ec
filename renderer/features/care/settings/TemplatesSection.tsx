import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { templatePlaceholders, type MessageTemplate, type TemplateKey } from '../../../../shared/care';
import { useApi } from '../../../api/ApiContext';
import { useLoadedSetting, useSaveState } from './saveState';

/** The outlet's WhatsApp templates (Indonesian built-ins until a manager writes their own), one form each. */
export function TemplatesSection() {
  const { t } = useTranslation();
  const [templates, setTemplates, loadError] = useLoadedSetting((a) => a['care.templates.list']({}));

  return (
    <section className="panel settings-section" aria-labelledby="settings-templates-h">
      <h2 id="settings-templates-h">{t('careSettings.section.templates')}</h2>
      <p className="muted small">{t('careSettings.templates.intro', { list: templatePlaceholders.map((p) => `{${p}}`).join(' ') })}</p>
      {loadError && (
        <p role="alert" className="field-error">
          {t(loadError.key, loadError.params)}
        </p>
      )}
      {!templates && !loadError && <p className="muted">{t('careSettings.loading')}</p>}
      {templates?.map((template) => (
        <TemplateForm key={template.key} template={template} onSaved={setTemplates} />
      ))}
    </section>
  );
}

function TemplateForm({ template, onSaved }: { template: MessageTemplate; onSaved: (list: MessageTemplate[]) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [body, setBody] = useState(template.body);
  const state = useSaveState('body');
  const name = t(`careSettings.templates.key.${template.key}`);
  const id = `template-${template.key}`;

  const save = async (value: string | null) => {
    await state.run(
      () => api['care.templates.save']({ key: template.key as TemplateKey, body: value }),
      (list) => {
        onSaved(list);
        const saved = list.find((x) => x.key === template.key);
        if (saved) setBody(saved.body);
        return '';
      },
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!state.busy) void save(body);
  };

  // A template is one text box: whatever the core says about it shows under it.
  const message = state.error;
  return (
    <form className="template-form" aria-labelledby={`${id}-label`} onSubmit={onSubmit}>
      <label htmlFor={`${id}-body`} id={`${id}-label`} className="template-label">
        {name}{' '}
        <span className={template.customised ? 'pill pill-warn' : 'pill pill-muted'}>
          {t(template.customised ? 'careSettings.templates.customised' : 'careSettings.templates.builtIn')}
        </span>
      </label>
      <textarea
        id={`${id}-body`}
        value={body}
        rows={3}
        maxLength={1000}
        onChange={(e) => setBody(e.target.value)}
        aria-invalid={!!message}
        aria-describedby={message ? `${id}-error` : undefined}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button small primary"
          disabled={state.busy}
          aria-label={t('careSettings.templates.saveOne', { name })}
        >
          {t('careSettings.save')}
        </button>
        {template.customised && (
          <button
            type="button"
            className="button small"
            disabled={state.busy}
            aria-label={t('careSettings.templates.resetOne', { name })}
            onClick={() => void save(null)}
          >
            {t('careSettings.templates.reset')}
          </button>
        )}
        <span className="muted small" role="status">
          {state.done}
        </span>
      </div>
      {message && (
        <p role="alert" className="field-error" id={`${id}-error`}>
          {t(message.key, message.params)}
        </p>
      )}
    </form>
  );
}
