// Who is at the keyboard. Recorded, never trusted alone: the account is the operating
// system's (the process's uid), the rest comes from variables anyone can set.

import { hostname, userInfo } from 'node:os';
import type { IdentityRecord } from '../run/events';

/** Who drives: recorded with every session, never trusted alone. The run's own record type. */
export type Identity = IdentityRecord;

export function readIdentity(operator: string, env: Record<string, string | undefined>): Identity {
  return {
    operator,
    user: osAccount() ?? present(env.USER) ?? present(env.LOGNAME),
    sudoUser: present(env.SUDO_USER),
    sshClient: firstField(env.SSH_CLIENT) ?? firstField(env.SSH_CONNECTION),
    tmux: tmuxSession(env.TMUX, env.TMUX_PANE),
    screen: present(env.STY),
    host: hostname(),
    pid: process.pid,
  };
}

/**
 * The account this process runs as, from the system's user database: $USER is unset under
 * cron, `sudo -E`, `env -i` and some SSH set-ups, and can say anything. A uid with no name
 * (a container's arbitrary uid) is "uid 1234".
 */
function osAccount(): string | null {
  try {
    return present(userInfo().username);
  } catch {
    return typeof process.getuid === 'function' ? `uid ${process.getuid()}` : null;
  }
}

function present(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

/** SSH_CLIENT is "address port localport"; SSH_CONNECTION "address port localaddress localport". */
function firstField(value: string | undefined): string | null {
  return present(value?.trim().split(/\s+/)[0]);
}

/**
 * TMUX is "socket,serverpid,sessionid". The session's name is only known to the tmux
 * server, so this records the session id and pane (usable as `tmux -S socket … -t`)
 * without spawning tmux: "session $3, pane %7, socket /tmp/tmux-1000/default".
 */
function tmuxSession(tmux: string | undefined, pane: string | undefined): string | null {
  const value = present(tmux);
  if (value === null) return null;
  const parts = value.split(',');
  const socket = parts.length >= 3 ? parts.slice(0, -2).join(',') : value;
  const session = parts.length >= 3 ? parts.at(-1) : undefined;
  const paneId = present(pane);
  const fields = [
    session === undefined || session === '' ? null : `session $${session}`,
    paneId === null ? null : `pane ${paneId}`,
    `socket ${socket}`,
  ];
  return fields.filter((f): f is string => f !== null).join(', ');
}
