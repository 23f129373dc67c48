import { describe, expect, it } from 'vitest';
import { afterUpScript, decideStart, type StartSituation } from './decide.js';
import { configFileOf, servesWith, startLocal, startsEngine, type StartEffects } from './start.js';

const linuxRoot = { platform: 'linux' as const, uid: 0, optedOut: false };
const silentDocker = { runtime: 'docker', socketPath: '/var/run/docker.sock', answered: false, reason: 'connect ENOENT' };
const at = (over: Partial<StartSituation> = {}): StartSituation => ({ ...linuxRoot, engine: silentDocker, ...over });

describe('decideStart', () => {
  it('serves at once when the engine answers, or when the configuration cannot be read (serve says why)', () => {
    expect(decideStart(at({ engine: { ...silentDocker, answered: true } }))).toEqual({ action: 'serve' });
    expect(decideStart(at({ engine: undefined }))).toEqual({ action: 'serve' });
  });

  it('starts Docker when the silent engine is Docker on the socket the script starts, on Linux, as root', () => {
    const decision = decideStart(at());
    expect(decision.action).toBe('start-docker');
    expect(decision.say).toMatch(/^no container engine answered; starting Docker with tools\/engines\/up\.sh --docker-only \(docker at \/var\/run\/docker\.sock did not answer: connect ENOENT\)$/);
  });

  it('starts nothing, and says what to do, when starting Docker cannot help', () => {
    const cases: [Partial<StartSituation>, RegExp][] = [
      [{ optedOut: true }, /not starting one \(MIKROCLOUD_START_ENGINE=0\)/],
      [{ engine: { ...silentDocker, runtime: 'podman', socketPath: '/run/podman/podman.sock' } }, /only starts Docker: start Podman, or run npm run engines:up/],
      [{ engine: { ...silentDocker, socketPath: '/srv/docker.sock' } }, /starts Docker on \/var\/run\/docker\.sock, not on the configured socket/],
      [{ platform: 'darwin' }, /start Docker \(Docker Desktop on darwin\)/],
      [{ uid: 1000 }, /as root: run sudo bash tools\/engines\/up\.sh --docker-only/],
      [{ uid: undefined }, /as root/],
    ];
    for (const [over, said] of cases) {
      const decision = decideStart(at(over));
      expect(decision.action).toBe('serve');
      expect(decision.say).toMatch(/^no container engine answered \(/);
      expect(decision.say).toMatch(said);
      expect(decision.say).toMatch(/serving anyway: container routes answer 503 until an engine answers$/);
    }
  });

  it('says nothing after a script that brought Docker up, and why otherwise', () => {
    expect(afterUpScript(0, true)).toBeUndefined();
    expect(afterUpScript(0, false)).toMatch(/finished but Docker does not answer on \/var\/run\/docker\.sock yet/);
    expect(afterUpScript(2, false)).toMatch(/^tools\/engines\/up\.sh --docker-only failed \(exit 2\); serving anyway/);
  });
});

/** Effects that record what the start did; `answers` is what each successive probe finds. */
function effects(answers: (boolean | undefined)[], upExit = 0): StartEffects & { did: string[]; said: string } {
  const did: string[] = [];
  const record = {
    did,
    said: '',
    async probe() {
      did.push('probe');
      const answered = answers.shift();
      return answered === undefined ? undefined : { ...silentDocker, answered };
    },
    async runUpScript() {
      did.push('up.sh');
      return upExit;
    },
    async serve() {
      did.push('serve');
      return 0;
    },
    stderr(text: string) {
      record.said += text;
    },
  };
  return record;
}

describe('startLocal', () => {
  it('serves without a word when the engine answers', async () => {
    const e = effects([true]);
    expect(await startLocal(linuxRoot, e)).toBe(0);
    expect(e.did).toEqual(['probe', 'serve']);
    expect(e.said).toBe('');
  });

  it('runs the script, probes again, then serves, saying so on standard error first', async () => {
    const e = effects([false, true]);
    await startLocal(linuxRoot, e);
    expect(e.did).toEqual(['probe', 'up.sh', 'probe', 'serve']);
    expect(e.said).toMatch(/^mikrocloud: no container engine answered; starting Docker with tools\/engines\/up\.sh --docker-only /);
    expect(e.said.trim().split('\n')).toHaveLength(1);
  });

  it('serves even when the script fails, and says it failed', async () => {
    const e = effects([false], 1);
    await startLocal(linuxRoot, e);
    expect(e.did).toEqual(['probe', 'up.sh', 'serve']);
    expect(e.said).toContain('mikrocloud: tools/engines/up.sh --docker-only failed (exit 1); serving anyway');
  });

  it('never runs the script for a non-root user', async () => {
    const e = effects([false]);
    await startLocal({ ...linuxRoot, uid: 1000 }, e);
    expect(e.did).toEqual(['probe', 'serve']);
    expect(e.said).toContain('run sudo bash tools/engines/up.sh --docker-only');
  });

  it('leaves an unreadable configuration to serve, which reports it', async () => {
    const e = effects([undefined]);
    await startLocal(linuxRoot, e);
    expect(e.did).toEqual(['probe', 'serve']);
    expect(e.said).toBe('');
  });
});

describe('arguments', () => {
  it('finds --config in both spellings among serve flags', () => {
    expect(configFileOf(['--port', '3001', '--config', 'a.toml'])).toBe('a.toml');
    expect(configFileOf(['--config=b.toml'])).toBe('b.toml');
    expect(configFileOf(['--port', '3001'])).toBeUndefined();
  });

  it('treats --help and --version as printing only: no engine is probed for them', () => {
    expect(servesWith(['--port', '3001'])).toBe(true);
    expect(servesWith(['--help'])).toBe(false);
    expect(servesWith(['-v'])).toBe(false);
  });

  it('reads -c and the other spellings as serve does', () => {
    expect(configFileOf(['-c', 'prod.toml'])).toBe('prod.toml');
    expect(configFileOf(['-cprod.toml', '--port', '3001'])).toBe('prod.toml');
    expect(configFileOf(['--bogus', '--config', 'a.toml'])).toBeUndefined();
  });

  it('leaves arguments serve refuses to serve, which says why', () => {
    expect(servesWith(['--bogus'])).toBe(false);
    expect(servesWith(['--config'])).toBe(false);
    expect(servesWith(['-h', '--port', '3001'])).toBe(false);
  });
});

describe('MIKROCLOUD_START_ENGINE', () => {
  it('takes the configuration yes/no words; unset means yes', () => {
    expect(startsEngine(undefined)).toBe(true);
    expect(startsEngine('')).toBe(true);
    for (const no of ['0', 'false', 'No', ' off ']) expect(startsEngine(no)).toBe(false);
    for (const yes of ['1', 'true', 'YES', 'on']) expect(startsEngine(yes)).toBe(true);
  });

  it('refuses anything else with a message naming the variable', () => {
    expect(() => startsEngine('nope')).toThrow(/MIKROCLOUD_START_ENGINE must be true, 1, yes, on or false, 0, no, off \(got "nope"\)/);
  });
});
