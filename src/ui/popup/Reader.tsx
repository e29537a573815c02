import './reader.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountView, MessageAction, MessageBody } from '../../protocol/model';
import type { MessageView } from '../../store/queries';
import { formatAddresses, fullDate } from '../format';
import { t } from '../i18n';
import { Attachments } from '../reader/Attachments';
import { MessageFrame } from '../reader/MessageFrame';
import { PlainText } from '../reader/PlainText';
import { Sender } from '../reader/Sender';
import { useMessageBody } from '../reader/use-message-body';
import { isFlagged, supportedActions, webmailLink } from './account-features';

interface Props {
  message: MessageView;
  account: AccountView | undefined;
  onBack: () => void;
  onAction: (action: MessageAction) => void;
  /** Reply, Reply all or Forward this message (its body is loaded). */
  onCompose?: (kind: 'reply' | 'replyAll' | 'forward', body: MessageBody) => void;
}

/** One message: header, actions, and the body (sanitized HTML in a sandboxed frame, or text). */
export function Reader({ message, account, onBack, onAction, onCompose }: Props) {
  const ref = {
    accountId: message.accountId,
    mailbox: message.mailbox,
    uidValidity: message.uidValidity,
    uid: message.uid,
  };
  const body = useMessageBody(message.key, ref);
  const [loadImages, setLoadImages] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [message.key]);
  useEffect(() => setLoadImages(false), [message.key]);

  const actions = supportedActions(account);
  const flagged = isFlagged(message.flags);
  const webmail = webmailLink(account, message.messageId);
  const header = body.status === 'loaded' ? body.body.header : message;

  return (
    <article class="reader" aria-labelledby="reader-subject">
      <div class="toolbar" role="toolbar" aria-label={t('messageActions')}>
        <button type="button" onClick={onBack} aria-keyshortcuts="Escape">
          {t('back')}
        </button>
        <button
          type="button"
          onClick={() => onAction(message.unread ? 'markRead' : 'markUnread')}
          aria-keyshortcuts="u"
        >
          {message.unread ? t('markRead') : t('markUnread')}
        </button>
        {actions.has('flag') && (
          <button type="button" aria-pressed={flagged} onClick={() => onAction(flagged ? 'unflag' : 'flag')}>
            {t('flag')}
          </button>
        )}
        {actions.has('archive') && (
          <button type="button" onClick={() => onAction('archive')} aria-keyshortcuts="e">
            {t('archive')}
          </button>
        )}
        {actions.has('junk') && (
          <button type="button" onClick={() => onAction('junk')} aria-keyshortcuts="!">
            {t('junk')}
          </button>
        )}
        {onCompose && body.status === 'loaded' && (
          <>
            <button type="button" onClick={() => onCompose('reply', body.body)} aria-keyshortcuts="r">
              {t('reply')}
            </button>
            <button type="button" onClick={() => onCompose('replyAll', body.body)} aria-keyshortcuts="a">
              {t('replyAll')}
            </button>
            <button type="button" onClick={() => onCompose('forward', body.body)} aria-keyshortcuts="f">
              {t('forward')}
            </button>
          </>
        )}
        <button type="button" class="danger" onClick={() => onAction('delete')} aria-keyshortcuts="# Delete">
          {t('delete')}
        </button>
        {webmail && (
          <a href={webmail} target="_blank" rel="noopener noreferrer" title={webmail}>
            {t('openInWebmail')}
          </a>
        )}
      </div>
      <header class="reader-header">
        <h1 id="reader-subject" ref={heading} tabIndex={-1} title={header.subject}>
          {header.subject || t('noSubject')}
        </h1>
        <Sender from={header.from} />
        {header.to.length > 0 && (
          <p class="to">
            {t('toLabel')} {formatAddresses(header.to)}
          </p>
        )}
        <p class="date">
          <time dateTime={header.date}>{fullDate(header.date)}</time>
        </p>
      </header>
      {body.status === 'loading' && (
        <p role="status" class="loading">
          {t('loadingMessage')}
        </p>
      )}
      {body.status === 'error' && (
        <div role="alert" class="banner error" data-code={body.code}>
          <p>{body.code === 'MESSAGE_GONE' ? t('messageGone') : t('bodyFailed', body.message)}</p>
          {message.snippet && <p class="snippet">{message.snippet}</p>}
        </div>
      )}
      {body.status === 'loaded' && (
        <>
          {body.body.truncated && (
            <p class="banner info" role="note">
              {t('bodyTruncated')}
            </p>
          )}
          {body.body.html ? (
            <MessageFrame html={body.body.html} loadImages={loadImages} onLoadImages={() => setLoadImages(true)} />
          ) : (
            <PlainText text={body.body.text ?? ''} />
          )}
          <Attachments attachments={body.body.attachments} />
        </>
      )}
    </article>
  );
}
