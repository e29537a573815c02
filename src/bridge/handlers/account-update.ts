import { BridgeError, ErrorCode } from '../../protocol';
import type { Handler } from './context';

export const accountUpdate: Handler<'account.update'> = async (params, ctx) => {
  const { settings, password, smtpPassword } = params;
  if (settings.auth !== undefined || settings.oauthProvider !== undefined)
    throw new BridgeError(ErrorCode.BadRequest, 'how an account signs in cannot change: add it again instead');
  // The secret slot of an OAuth account holds its tokens; a password would overwrite them.
  if (password !== undefined && ctx.manager.list().find((a) => a.id === params.accountId)?.auth === 'oauth2')
    throw new BridgeError(ErrorCode.BadRequest, 'an OAuth account has no password: sign in again instead');
  return { account: await ctx.manager.update(params.accountId, settings, password, smtpPassword) };
};
