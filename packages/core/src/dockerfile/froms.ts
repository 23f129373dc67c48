import { DockerfileParser } from 'dockerfile-ast';

/** One `FROM` of a Dockerfile. */
export interface DockerfileFrom {
  /** 1-based line of the instruction. */
  line: number;
  /** The image as written (`node:20-alpine`, `${BASE}`, an earlier stage's name, `scratch`). */
  image: string;
  /** The stage name given with `AS`, if any. */
  stage?: string;
  /** The `--platform` flag's value, if any. */
  platform?: string;
}

/**
 * Lists the `FROM` instructions of a Dockerfile that name an image, in order, with their stage names.
 *
 * @example
 * parseDockerfileFroms('FROM node:20 AS build\nFROM nginx:alpine\n');
 * // [{ line: 1, image: 'node:20', stage: 'build' }, { line: 2, image: 'nginx:alpine' }]
 */
export function parseDockerfileFroms(dockerfileText: string): DockerfileFrom[] {
  const froms: DockerfileFrom[] = [];
  for (const from of DockerfileParser.parse(dockerfileText).getFROMs()) {
    const image = from.getImage();
    if (image === null || image === '') continue;
    const stage = from.getBuildStage();
    const platform = from.getPlatformFlag()?.getValue();
    froms.push({
      line: from.getRange().start.line + 1,
      image,
      ...(stage ? { stage } : {}),
      ...(platform ? { platform } : {}),
    });
  }
  return froms;
}
