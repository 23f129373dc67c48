// The remote test engine tools/engines/remote.sh starts (not part of the public API).
import { readEnvFile } from '@mikrocloud/core/testing';

/** Where remote.sh writes how to reach its engine. */
export const REMOTE_ENV_FILE = process.env.MIKROCLOUD_TEST_REMOTE_ENV ?? '/var/lib/mikrocloud-engines/remote/remote.env';

/** The remote engine's addresses and the files a client needs. */
export interface RemoteTestEngine {
  /** The namespace address published ports answer on. */
  address: string;
  tlsHost: string;
  tls: { caFile: string; certFile: string; keyFile: string };
  /** `DOCKER_CERT_PATH`-style folder holding ca.pem, cert.pem, key.pem. */
  certPath: string;
  sshHost: string;
  ssh: { keyFile: string; knownHostsFile: string };
  /** Its own unix socket, for checks independent of the transports under test. */
  socketPath: string;
  pidFile: string;
}

/** Reads remote.env; a missing engine fails the test run (it is never skipped). */
export function requireRemoteEngine(): RemoteTestEngine {
  const env = readEnvFile(REMOTE_ENV_FILE);
  if (!env) throw new Error(`no remote test engine: ${REMOTE_ENV_FILE} is missing (start it with tools/engines/remote.sh)`);
  const get = (key: string): string => {
    const value = env.get(`MIKROCLOUD_TEST_REMOTE_${key}`);
    if (!value) throw new Error(`${REMOTE_ENV_FILE} has no MIKROCLOUD_TEST_REMOTE_${key}`);
    return value;
  };
  const certPath = get('CERT_PATH');
  return {
    address: get('ADDRESS'),
    tlsHost: get('TLS_HOST'),
    certPath,
    tls: { caFile: `${certPath}/ca.pem`, certFile: `${certPath}/cert.pem`, keyFile: `${certPath}/key.pem` },
    sshHost: get('SSH_HOST'),
    ssh: { keyFile: get('SSH_KEY'), knownHostsFile: get('SSH_KNOWN_HOSTS') },
    socketPath: get('SOCKET'),
    pidFile: get('PIDFILE'),
  };
}
