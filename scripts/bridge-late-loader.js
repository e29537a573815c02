// The libraries the bridge needs only once an account connects (imapflow, postal-mime and
// nodemailer's parts: three quarters of the bundle) travel inside the bundle as one compressed
// string, inflated and compiled on first use. Node reads and V8 pre-parses all of a script before
// running any of it, so this keeps them off the path to `hello`; scripts/build-bridge.mjs builds
// the string and routes each of those imports here. Bundled only: `require`, `__filename` and
// `__dirname` are the bundle's own.
import { compileFunction } from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';
import packed from 'mailglance:late-source';

let libraries;

/** The module `specifier` names (one of those scripts/build-bridge.mjs lists as late). */
export function lateModule(specifier) {
  if (!libraries) {
    const source = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
    const params = ['exports', 'require', 'module', '__filename', '__dirname'];
    // Stack traces from these libraries name `<bundle>#late`.
    const run = compileFunction(source, params, { filename: `${__filename}#late` });
    const module = { exports: {} };
    run(module.exports, require, module, __filename, __dirname);
    libraries = module.exports;
  }
  return libraries[specifier]();
}
