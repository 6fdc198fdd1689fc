/**
 * Node puts the terminal's modes back as it exits (ResetStdio) and aborts when that fails: a
 * check on tcsetattr's result lets only EPERM through (nodejs/node#51519; Node 24 drops the
 * check, nodejs/node#58200). On a terminal that has hung up (SSH dropped, terminal window or
 * tmux pane closed) tcsetattr fails with EIO, so any exit after a hang-up would be an abort whose
 * native stack dump then crashed in libgcc_s's unwinder: exit code 139, and "segfault … in
 * libgcc_s.so.1" in the kernel log. Node leaves alone a descriptor that no longer refers to
 * the file it had at start-up, so at exit each standard descriptor whose terminal has gone is
 * pointed at /dev/null first.
 */
import { closeSync, openSync } from 'node:fs';
import tty from 'node:tty';

const STDIO = [0, 1, 2] as const;

/** Call once, early: it notes which descriptors are terminals now, to compare at exit. */
export function releaseDeadTerminalAtExit(): void {
  const wasTerminal = STDIO.map((fd) => tty.isatty(fd));
  process.on('exit', () => {
    for (const fd of STDIO) {
      // A hung-up terminal fails every terminal call (isatty included) with EIO.
      if (!wasTerminal[fd] || tty.isatty(fd)) continue;
      reopenAsNull(fd);
    }
  });
}

/** The lowest free descriptor is the one just closed, so /dev/null takes its number. */
function reopenAsNull(fd: number): void {
  try {
    closeSync(fd);
    const got = openSync('/dev/null', 'r+');
    if (got !== fd) closeSync(got);
  } catch {
    // Nothing more to do on the way out; at worst Node's check fails and aborts, as without this.
  }
}
