/** The Docker socket `tools/engines/up.sh --docker-only` starts Docker on. */
export const UP_SCRIPT_SOCKET = '/var/run/docker.sock';
/** How the messages name the script (relative to the repository root, where `npm start` runs). */
export const UP_SCRIPT = 'tools/engines/up.sh --docker-only';

/** What the start found out before serving: the engine the configuration points at, and the machine. */
export interface StartSituation {
  /** The engine as the configuration and discovery chose it; absent when the configuration cannot be read (serve reports why). */
  engine?: {
    runtime: string;
    socketPath: string;
    answered: boolean;
    /** Why it did not answer, in words. */
    reason?: string;
  };
  platform: NodeJS.Platform;
  /** The user id (undefined where there is none, on Windows). */
  uid: number | undefined;
  /** `MIKROCLOUD_START_ENGINE=0`: never start an engine. */
  optedOut: boolean;
}

/** What to do before serving, and what to say on standard error (each line once). */
export type StartDecision = { action: 'serve'; say?: string } | { action: 'start-docker'; say: string };

const serving = 'serving anyway: container routes answer 503 until an engine answers';

/**
 * Whether `npm start` starts Docker first. Only when the configured (or discovered) engine does
 * not answer, and only when starting Docker can help: a Docker engine on the socket the script
 * starts, on Linux, as root (the script installs packages). Every other case serves with a line
 * saying why nothing was started and what to run instead.
 */
export function decideStart(situation: StartSituation): StartDecision {
  const { engine } = situation;
  if (!engine || engine.answered) return { action: 'serve' };
  const silent = `no container engine answered (${engine.runtime} at ${engine.socketPath}${engine.reason ? `: ${engine.reason}` : ''})`;
  if (situation.optedOut) return { action: 'serve', say: `${silent}; not starting one (MIKROCLOUD_START_ENGINE=0); ${serving}` };
  if (engine.runtime === 'podman') {
    return { action: 'serve', say: `${silent}; the start script only starts Docker: start Podman, or run npm run engines:up; ${serving}` };
  }
  if (engine.socketPath !== UP_SCRIPT_SOCKET) {
    return { action: 'serve', say: `${silent}; ${UP_SCRIPT} starts Docker on ${UP_SCRIPT_SOCKET}, not on the configured socket: start that engine; ${serving}` };
  }
  if (situation.platform !== 'linux') return { action: 'serve', say: `${silent}; start Docker (Docker Desktop on ${situation.platform}); ${serving}` };
  if (situation.uid !== 0) {
    return { action: 'serve', say: `${silent}; ${UP_SCRIPT} installs and starts Docker as root: run sudo bash ${UP_SCRIPT}; ${serving}` };
  }
  return { action: 'start-docker', say: `no container engine answered; starting Docker with ${UP_SCRIPT} (${engine.runtime} at ${engine.socketPath} did not answer${engine.reason ? `: ${engine.reason}` : ''})` };
}

/** What to say once the script has run: nothing when Docker now answers. */
export function afterUpScript(exitCode: number, answered: boolean): string | undefined {
  if (exitCode !== 0) return `${UP_SCRIPT} failed (exit ${exitCode}); ${serving}`;
  if (!answered) return `${UP_SCRIPT} finished but Docker does not answer on ${UP_SCRIPT_SOCKET} yet; ${serving}`;
  return undefined;
}
