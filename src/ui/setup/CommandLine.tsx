import { useState } from 'preact/hooks';
import { t } from '../i18n';

/** A command to run, with a button that copies it (and says so). */
export function CommandLine({ command, testId }: { command: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    void navigator.clipboard.writeText(command).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <p class="command">
      <code data-testid={testId}>{command}</code>{' '}
      <button type="button" onClick={copy}>
        {copied ? t('copied') : t('copy')}
      </button>
    </p>
  );
}
