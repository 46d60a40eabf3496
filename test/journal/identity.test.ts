import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readIdentity } from '../../source/journal/identity';

describe('readIdentity', () => {
  it('records who and where from the environment, over SSH inside tmux under sudo', () => {
    expect(
      readIdentity('Alice Example', {
        USER: 'root',
        SUDO_USER: 'alice',
        SSH_CLIENT: '203.0.113.7 52144 22',
        SSH_CONNECTION: '198.51.100.1 1 2 3',
        TMUX: '/tmp/tmux-1000/default,4242,3',
        TMUX_PANE: '%7',
      }),
    ).toEqual({
      operator: 'Alice Example',
      user: userInfo().username,
      sudoUser: 'alice',
      sshClient: '203.0.113.7',
      tmux: 'session $3, pane %7, socket /tmp/tmux-1000/default',
      screen: null,
      host: hostname(),
      pid: process.pid,
    });
  });

  it('takes the account from the system, not from USER or LOGNAME (unset under cron or env -i, and anyone can set them)', () => {
    expect(readIdentity('mallory', { USER: 'somebody-else', LOGNAME: 'somebody-else' }).user).toBe(userInfo().username);
    expect(readIdentity('dave', {}).user).toBe(userInfo().username);
  });

  it('falls back to SSH_CONNECTION, reads screen, and leaves the rest null', () => {
    const identity = readIdentity('bob', {
      LOGNAME: 'bob',
      SSH_CONNECTION: '2001:db8::1 50000 2001:db8::2 22',
      STY: '12345.pts-0.bastion',
    });
    expect(identity).toMatchObject({ sudoUser: null, sshClient: '2001:db8::1', tmux: null, screen: '12345.pts-0.bastion' });
    expect(readIdentity('carol', {})).toMatchObject({ sshClient: null, tmux: null, screen: null });
  });
});
