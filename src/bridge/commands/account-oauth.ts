/**
 * `mailglance-bridge account add --oauth google|microsoft --user ADDRESS`: the sign-in of the
 * options page for people without the extension at hand. Prints the authorization URL (on
 * stderr, with what to do), waits for the browser to come back to the loopback listener (up to
 * 5 minutes), and prints the new account's id on stdout like `account add`.
 */
import * as v from 'valibot';
import { AccountSettings, BridgeError, ErrorCode, OAuthProvider, type AccountView } from '../../protocol';
import { oauthProvider } from '../../protocol/rules/providers';
import type { AccountManager } from '../accounts/manager';
import { SignIns } from '../auth/sign-in';
import { stderrLogger } from '../log';
import { ExitCode, UsageError } from './exit-codes';

interface Flags {
  oauth?: string;
  type?: string;
  host?: string;
  port?: string;
  security?: string;
  user?: string;
  label?: string;
  json?: boolean;
}

export async function addWithOAuth(values: Flags, manager: AccountManager): Promise<number> {
  const provider = v.safeParse(OAuthProvider, values.oauth);
  if (!provider.success) throw new UsageError('--oauth: google or microsoft');
  if (!values.user) throw new UsageError('--oauth needs --user ADDRESS');
  const preset = oauthProvider(provider.output);
  const type = values.type ?? 'imap';
  const server = type === 'pop3' && preset.pop3 ? preset.pop3 : preset.imap;
  const parsed = v.safeParse(AccountSettings, {
    type,
    host: values.host ?? server.host,
    port: values.port ? Number(values.port) : values.host ? undefined : server.port,
    security: values.security ?? (values.host ? undefined : server.security),
    user: values.user,
    label: values.label,
    auth: 'oauth2',
    oauthProvider: provider.output,
  });
  if (!parsed.success)
    throw new UsageError(`--${v.getDotPath(parsed.issues[0]) ?? 'options'}: ${parsed.issues[0].message}`);
  const signIns = new SignIns(manager, stderrLogger(true));
  const started = await signIns.start({ settings: parsed.output });
  process.stderr.write(
    `Open this address in a browser on this computer and sign in to ${preset.name} as ${values.user}:\n\n` +
      `  ${started.authorizationUrl}\n\nWaiting for the sign-in (at most ${Math.round(started.expiresInSec / 60)} minutes)…\n`,
  );
  let account: AccountView | undefined;
  try {
    while (!account) {
      const r = await signIns.wait({ signInId: started.signInId, waitMs: 30_000 });
      if (r.status === 'done') account = r.account;
    }
  } catch (error) {
    if (error instanceof BridgeError && error.code === ErrorCode.SignInFailed) {
      process.stderr.write(`sign-in failed: ${error.message}\n`);
      return ExitCode.AuthFailed;
    }
    throw error;
  }
  process.stdout.write(values.json ? JSON.stringify(account) + '\n' : `${account.id}\n`);
  return ExitCode.Ok;
}
