// Real file-system faults for the journal: a small tmpfs that fills up (ENOSPC) and a mount
// remounted read-only (EROFS). The tests run as root, where chmod stops nothing, so only a
// real mount is honest; they need mount(2) (root with CAP_SYS_ADMIN, as in CI).

import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface Mount {
  path: string;
  readOnly(): void;
  readWrite(): void;
  /** Writes a filler file until the file system is full, to the last block. */
  fill(): string;
  unmount(): void;
}

export function mountTmpfs(parent: string, sizeMiB: number): Mount {
  const path = join(parent, 'mnt');
  mkdirSync(path);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0755`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    const why = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    throw new Error(`the file-system fault tests need to mount a tmpfs (run them as root, as CI does): ${why}`);
  }
  const remount = (mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, path], { stdio: 'pipe' });
  return {
    path,
    readOnly: () => remount('ro'),
    readWrite: () => remount('rw'),
    fill() {
      const filler = join(path, 'filler');
      const fd = openSync(filler, 'w');
      try {
        for (const size of [1 << 20, 1 << 12, 1 << 9, 1]) {
          const block = Buffer.alloc(size, 0x78);
          for (;;) {
            try {
              writeSync(fd, block);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw error;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
      return filler;
    },
    unmount() {
      try {
        execFileSync('umount', [path], { stdio: 'pipe' });
      } catch {
        // Something still holds a file there: detach it now, it goes when released.
        execFileSync('umount', ['-l', path], { stdio: 'pipe' });
      }
    },
  };
}
