import type { RequestParams, RequestResult, RequestType } from '../../protocol';
import type { AccountManager } from '../accounts/manager';
import type { SignIns } from '../auth/sign-in';
import type { DoctorReport } from '../install/doctor';
import type { Logger } from '../log';

/** What a request handler may use. */
export interface HandlerContext {
  manager: AccountManager;
  /** OAuth sign-ins in progress (src/bridge/auth/sign-in.ts). */
  signIns: SignIns;
  log: Logger;
  secretStore: 'keyring' | 'file';
  doctor(): DoctorReport;
  /** Remembers which extension said hello, for `doctor` run later by a person. */
  noteExtension?(client: { version: string; browser?: string }): void;
}

export type Handler<T extends RequestType> = (
  params: RequestParams<T>,
  ctx: HandlerContext,
) => RequestResult<T> | Promise<RequestResult<T>>;
