// The libraries the bridge needs only once an account connects (imapflow) or a message is parsed
// or sent (postal-mime and nodemailer's parts) — three quarters of the bundle — travel inside the
// bundle as compressed strings, one per group, each inflated and compiled on the first use of one
// of its libraries. Node reads and V8 pre-parses all of a script before running any of it, so this
// keeps them off the path to `hello`, and a bridge that never opens a message never holds the
// second group. scripts/build-bridge.mjs builds the strings and routes each of those imports here.
// Bundled only: `require`, `__filename` and `__dirname` are the bundle's own.
import { compileFunction } from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';
import sources from 'mailglance:late-source';

const groups = {};

/**
 * A group's base64 text. Each group is a function whose body is the string literal, and it is never
 * called: a called function keeps its literal in memory as long as V8 keeps its bytecode (several
 * full collections after its last call), where its text is a view of the bundle's source, which V8
 * keeps anyway.
 */
function packedText(group) {
  const text = sources[group].toString();
  return text.slice(text.indexOf('"') + 1, text.lastIndexOf('"'));
}

function inflate(group) {
  const source = brotliDecompressSync(Buffer.from(packedText(group), 'base64')).toString('utf8');
  const params = ['exports', 'require', 'module', '__filename', '__dirname'];
  // Stack traces from these libraries name `<bundle>#late-<group>`.
  const run = compileFunction(source, params, { filename: `${__filename}#late-${group}` });
  const module = { exports: {} };
  run(module.exports, require, module, __filename, __dirname);
  return module.exports;
}

/** The module `specifier` names, from `group` (as scripts/build-bridge.mjs lists them). */
export function lateModule(group, specifier) {
  groups[group] ??= inflate(group);
  return groups[group][specifier]();
}
