import { describe, expect, it } from 'vitest';
import { parseDockerfileFroms } from './froms.js';

describe('parseDockerfileFroms', () => {
  it('lists every FROM with its stage and platform', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=node:20-alpine',
      'FROM --platform=$BUILDPLATFORM ${BASE} AS build',
      'RUN true',
      'from build as final',
      'FROM \\',
      '  scratch',
      'FROM',
    ].join('\n');
    expect(parseDockerfileFroms(text)).toEqual([
      { line: 3, image: '${BASE}', stage: 'build', platform: '$BUILDPLATFORM' },
      { line: 5, image: 'build', stage: 'final' },
      { line: 6, image: 'scratch' },
    ]);
  });

  it('answers an empty list for a Dockerfile without FROM', () => {
    expect(parseDockerfileFroms('')).toEqual([]);
    expect(parseDockerfileFroms('RUN true\n')).toEqual([]);
  });
});
