import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '../i18n';

interface Props {
  id: string;
  label: string;
  error?: MessageKey;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A labelled control with its hint and error, wired with aria-describedby / aria-invalid. */
export function Field({ id, label, error, hint, children }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="error" role="alert">
          {t(error)}
        </small>
      )}
    </div>
  );
}
