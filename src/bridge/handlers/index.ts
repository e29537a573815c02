/**
 * The one map from request type to handler. Its type makes a missing handler a compile error;
 * `handlers.test.ts` also checks that docs/protocol.md documents every request.
 */
import type { RequestType } from '../../protocol';
import { accountAdd } from './account-add';
import { accountAutodetect } from './account-autodetect';
import { accountRemove } from './account-remove';
import { accountTest } from './account-test';
import { accountUpdate } from './account-update';
import { accountsList } from './accounts-list';
import type { Handler } from './context';
import { doctor } from './doctor';
import { hello } from './hello';
import { mailboxMarkAllRead } from './mailbox-mark-all-read';
import { mailboxPage } from './mailbox-page';
import { mailboxPurge } from './mailbox-purge';
import { messageAction } from './message-action';
import { messageFetch } from './message-fetch';
import { oauthCancel } from './oauth-cancel';
import { oauthStart } from './oauth-start';
import { oauthWait } from './oauth-wait';
import { messageSend } from './message-send';
import { ping } from './ping';
import { refresh } from './refresh';
import { resync } from './resync';

export const handlers: { [T in RequestType]: Handler<T> } = {
  hello,
  ping,
  'accounts.list': accountsList,
  'account.add': accountAdd,
  'account.update': accountUpdate,
  'account.remove': accountRemove,
  'account.test': accountTest,
  'account.autodetect': accountAutodetect,
  resync,
  refresh,
  'message.fetch': messageFetch,
  'message.action': messageAction,
  'message.send': messageSend,
  'mailbox.markAllRead': mailboxMarkAllRead,
  'mailbox.page': mailboxPage,
  'mailbox.purge': mailboxPurge,
  'oauth.start': oauthStart,
  'oauth.wait': oauthWait,
  'oauth.cancel': oauthCancel,
  doctor,
};
