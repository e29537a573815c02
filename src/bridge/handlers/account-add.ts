import { BridgeError, ErrorCode } from '../../protocol';
import type { Handler } from './context';

/** The password is stored by the bridge and never sent back (the view has `hasPassword`). */
export const accountAdd: Handler<'account.add'> = (params, ctx) => {
  // An OAuth account without tokens could only ever be `signInRequired`: oauth.start adds them whole.
  if (params.settings.auth === 'oauth2')
    throw new BridgeError(ErrorCode.BadRequest, 'OAuth accounts are added by signing in (oauth.start)');
  return { account: ctx.manager.add(params.settings, params.password, params.smtpPassword) };
};
