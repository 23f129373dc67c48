import { describe, expect, it } from 'vitest';
import { rawTimeNano, toEngineEvent } from './normalise.js';

// Lines as Docker 20.10 and Podman 4.3's compat API write them.
const DOCKER_START =
  '{"status":"start","id":"0dad","from":"busybox:latest","Type":"container","Action":"start","Actor":{"ID":"0dad","Attributes":{"image":"busybox:latest","io.mikrocloud.managed":"true","name":"web"}},"scope":"local","time":1795947266,"timeNano":1795947266450401480}';
const PODMAN_VOLUME_REMOVE =
  '{"status":"remove","Type":"volume","Action":"remove","Actor":{"ID":"","Attributes":{"containerExitCode":"0","image":"","name":"data","podId":""}},"scope":"local","time":1795947318,"timeNano":1795947318894737322}';
const PODMAN_IMAGE_DELETE =
  '{"status":"delete","id":"2b0657d34eaf1a8eb5b56f8070cac78fe8b0d7c94906a6166f1771e13bf21084","Type":"image","Action":"delete","Actor":{"ID":"2b0657d34eaf1a8eb5b56f8070cac78fe8b0d7c94906a6166f1771e13bf21084","Attributes":{"containerExitCode":"0","image":"","name":"localhost/mcprobe:1","podId":""}},"scope":"local","time":1795947319,"timeNano":1795947319214003738}';

const parse = (line: string) => toEngineEvent(JSON.parse(line), rawTimeNano(line));

describe('toEngineEvent', () => {
  it('keeps the exact nanoseconds JSON.parse would round', () => {
    expect(JSON.parse(DOCKER_START).timeNano).not.toBe(1795947266450401480n.toString());
    expect(parse(DOCKER_START)).toEqual({
      type: 'container',
      action: 'start',
      id: '0dad',
      name: 'web',
      time: '2026-11-29T10:14:26.450Z',
      time_nano: '1795947266450401480',
      attributes: { image: 'busybox:latest', 'io.mikrocloud.managed': 'true', name: 'web' },
    });
  });

  it("speaks Docker's words for Podman's events and drops Podman's empty attributes", () => {
    expect(parse(PODMAN_VOLUME_REMOVE)).toMatchObject({ type: 'volume', action: 'destroy', id: 'data', name: 'data', attributes: { name: 'data' } });
    expect(parse(PODMAN_VOLUME_REMOVE)?.attributes).toEqual({ name: 'data' });
    expect(parse(PODMAN_IMAGE_DELETE)?.id).toBe('sha256:2b0657d34eaf1a8eb5b56f8070cac78fe8b0d7c94906a6166f1771e13bf21084');
    const died = toEngineEvent({ Type: 'container', Action: 'died', Actor: { ID: 'c', Attributes: { containerExitCode: '3' } }, time: 1, timeNano: 1_000_000_000 });
    expect(died).toMatchObject({ action: 'die', attributes: { exitCode: '3' } });
  });

  it('splits an action detail: health status kept as an attribute, exec commands dropped', () => {
    const health = toEngineEvent({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'c', Attributes: {} }, time: 1 });
    expect(health).toMatchObject({ action: 'health_status', attributes: { health_status: 'healthy' }, time_nano: '1000000000' });
    const exec = toEngineEvent({ Type: 'container', Action: 'exec_start: sh -c echo $SECRET', Actor: { ID: 'c', Attributes: {} }, time: 1 });
    expect(exec?.action).toBe('exec_start');
    expect(JSON.stringify(exec)).not.toContain('SECRET');
  });

  it('ignores kinds mikrocloud does not report', () => {
    expect(toEngineEvent({ Type: 'daemon', Action: 'reload', time: 1 })).toBeUndefined();
    expect(toEngineEvent({ Type: 'pod', Action: 'create', time: 1 })).toBeUndefined();
  });
});
