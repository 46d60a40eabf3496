// `e` on a multi-line command: the command in the operator's editor ($VISUAL, else $EDITOR,
// else vi), with the terminal, in a private temp file that is removed afterwards — the
// screen's Editor (ui/editor-port.ts). A one-line prompt cannot hold SQL of many lines
// without squashing them; the editor keeps every line, and what it saved is what the
// screen then shows, runs and journals.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Editor } from '../ui/editor-port';

/** The editor to run: $VISUAL, else $EDITOR, else vi (on every bastion). */
export function editorCommand(env: Record<string, string | undefined>): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

/** Editors end the file with a newline the command did not have: that one goes, nothing else. */
export function savedText(saved: string, original: string): string {
  return saved.endsWith('\n') && !original.endsWith('\n') ? saved.slice(0, -1) : saved;
}

export function terminalEditor(env: Record<string, string | undefined>): Editor {
  return {
    edit: (step, text, kind) =>
      new Promise((resolve) => {
        const dir = mkdtempSync(join(tmpdir(), 'runbook-edit-'));
        const file = join(dir, `${step.replace(/[^\w.-]+/g, '_').slice(-60)}.${kind === 'sql' ? 'sql' : 'sh'}`);
        writeFileSync(file, text, { mode: 0o600 });
        const editor = editorCommand(env);
        // Through the shell, as git does: EDITOR may hold arguments ("code --wait", "vim -u NONE").
        const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
        const done = (result: { text: string } | { problem: string }) => {
          rmSync(dir, { recursive: true, force: true });
          resolve(result);
        };
        child.once('error', (error) => done({ problem: `no editor: ${error.message}` }));
        child.once('exit', (code, signal) => {
          if (code !== 0) return done({ problem: `the editor (${editor}) ended with ${signal ?? `exit ${code}`}: nothing edited` });
          const saved = savedText(readFileSync(file, 'utf8'), text);
          done(saved.trim() === '' ? { problem: 'the file was emptied: nothing edited (s skips the step)' } : { text: saved });
        });
      }),
  };
}
