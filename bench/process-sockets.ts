/** ESTABLISHED TCP connections of one process to a remote port, from /proc (proc(5)). */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Socket inodes the process holds open (`socket:[inode]` links in /proc/<pid>/fd). */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // The descriptor closed while we listed it.
    }
  }
  return inodes;
}

/** Connections in state ESTABLISHED (01) to remote `port` owned by `pid` (IPv4 and IPv6). */
export function establishedOf(pid: number, port: number): number {
  const mine = socketInodes(pid);
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '01') continue;
      if (parseInt(cols[2].split(':')[1] ?? '', 16) === port && mine.has(cols[9])) count++;
    }
  }
  return count;
}
