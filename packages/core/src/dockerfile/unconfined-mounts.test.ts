import { describe, expect, it } from 'vitest';
import { findUnconfinedMounts } from './unconfined-mounts.js';

const reasonsOf = (text: string, options?: Parameters<typeof findUnconfinedMounts>[1]) =>
  findUnconfinedMounts(text, options).map((p) => p.reason);

describe('findUnconfinedMounts', () => {
  it('accepts Dockerfiles without unconfinable mounts', () => {
    const safe = [
      'FROM busybox\nRUN echo hi\n',
      'FROM busybox\nRUN --mount=type=cache,id=npm,target=/root/.npm npm ci\n',
      'FROM busybox\nRUN --mount=type=cache,target=/cache true\n',
      'FROM busybox\nRUN --mount=type=bind,target=/src make\n',
      'FROM busybox\nRUN --mount=type=bind,source=src,target=/src make\n',
      'FROM busybox\nRUN --mount=type=bind,source=./a/../b,target=/b make\n',
      'FROM busybox AS b\nFROM busybox\nRUN --mount=type=bind,from=b,target=/b ls /b\n',
      'FROM busybox\nRUN --mount=type=secret,id=token,target=/run/secrets/t cat /run/secrets/t\n',
      'FROM busybox\nRUN --mount=type=secret,id=../../etc,src=/etc/shadow true\n',
      'FROM busybox\nRUN --mount=type=ssh git clone git@h:a/b\n',
      'FROM busybox\nRUN --mount=type=tmpfs,target=/tmp true\n',
      'FROM busybox\nRUN --network=none echo --mount\n',
      'FROM busybox\nRUN <<EOF\necho hello\nEOF\n',
      'FROM busybox\nCOPY --from=b /etc/passwd /x\n',
      '',
      '# just a comment\n',
    ];
    for (const text of safe) expect(findUnconfinedMounts(text), text).toEqual([]);
  });

  it('refuses the cache escapes quoted in the advisories, with the line and the mount', () => {
    const text = 'FROM busybox\n\nRUN --mount=type=cache,id=../../../../../../../tmp/x,target=/c sh -c "echo x > /c/p"\n';
    expect(findUnconfinedMounts(text)).toEqual([
      {
        line: 3,
        instruction: 'RUN',
        mount: 'type=cache,id=../../../../../../../tmp/x,target=/c',
        reason: 'id "../../../../../../../tmp/x" climbs out with ".."',
      },
    ]);
    expect(reasonsOf('FROM b\nRUN --mount=type=cache,id=../../../../../../../etc,target=/c ls /c\n')).toEqual([
      'id "../../../../../../../etc" climbs out with ".."',
    ]);
  });

  it.each([
    ['absolute bind source', 'RUN --mount=type=bind,source=/,target=/host true', 'absolute'],
    ['absolute src alias', 'RUN --mount=type=bind,src=/etc,target=/e true', 'absolute'],
    ['default type is bind', 'RUN --mount=source=/etc,target=/e true', 'absolute'],
    ['climbing bind source', 'RUN --mount=type=bind,source=a/../../..,target=/e true', 'climbs'],
    ['absolute cache id', 'RUN --mount=type=cache,id=/etc,target=/c true', 'absolute'],
    ['cache source climbing', 'RUN --mount=type=cache,source=../x,target=/c true', 'climbs'],
    ['climbing from', 'RUN --mount=type=bind,from=../../x,target=/c true', 'climbs'],
    ['absolute from', 'RUN --mount=type=cache,from=/,target=/c true', 'absolute'],
    ['upper-case type and keys', 'RUN --mount=TYPE=BIND,SOURCE=/etc,target=/e true', 'absolute'],
    ['upper-case flag name', 'RUN --MOUNT=type=bind,source=/etc,target=/e true', 'absolute'],
    ['quoted value', 'RUN --mount="type=bind,source=/etc,target=/e" true', 'absolute'],
    ['quoted field', 'RUN --mount=type=bind,"source=/etc",target=/e true', 'absolute'],
    ['single-quoted path', "RUN --mount=type=bind,source='/etc',target=/e true", 'absolute'],
    ['spaces around', 'RUN --mount="type=bind, source = /etc ,target=/e" true', 'absolute'],
    ['percent-encoded dots', 'RUN --mount=type=cache,id=%2e%2e/%2e%2e/etc,target=/c true', 'climbs'],
    ['double percent-encoding', 'RUN --mount=type=cache,id=%252e%252e%252fetc,target=/c true', 'climbs'],
    ['percent-encoded slash', 'RUN --mount=type=bind,source=%2fetc,target=/e true', 'absolute'],
    ['backslash separators', 'RUN --mount=type=cache,id=..\\\\..\\\\etc,target=/c true', 'climbs'],
    ['escaped slash', 'RUN --mount=type=bind,source=\\\\/etc,target=/e true', 'absolute'],
    ['a repeated key', 'RUN --mount=type=bind,source=ok,source=/etc,target=/e true', 'absolute'],
    ['type given twice', 'RUN --mount=type=secret,type=bind,source=/etc,target=/e true', 'absolute'],
    ['a variable', 'ARG P=../..\nRUN --mount=type=cache,id=$P/etc,target=/c true', 'variable'],
    ['a braced variable', 'RUN --mount=type=bind,source=${HOME},target=/c true', 'variable'],
    ['nested cache id', 'RUN --mount=type=cache,id=npm/link,target=/c true', 'nested'],
    ['cache keyed by a nested target', 'RUN --mount=type=cache,target=/root/.npm true', 'nested'],
    ['the shared cache root', 'RUN --mount=type=cache,id=a/..,target=/c true', 'every cache shares'],
    ['a path inside another stage', 'RUN --mount=type=bind,from=build,source=link/etc,target=/e true', 'planted'],
    ['an unknown type', 'RUN --mount=type=volume,source=x,target=/e true', 'unknown mount type'],
    ['no value', 'RUN --mount type=bind,source=/etc,target=/e true', 'no value'],
  ])('refuses %s', (_, run, why) => {
    const reasons = reasonsOf(`FROM busybox\n${run}\n`);
    expect(reasons.length, run).toBeGreaterThan(0);
    expect(reasons.join('; ')).toContain(why);
  });

  it('substitutes the variables the caller vouches for, and only those', () => {
    const text = 'FROM b\nRUN --mount=type=cache,id=npm-${TARGETARCH},target=/c true\n';
    expect(reasonsOf(text, { variables: { TARGETARCH: 'amd64' } })).toEqual([]);
    expect(reasonsOf(text, { variables: { TARGETARCH: '../../../etc' } }).join()).toContain('climbs');
    expect(reasonsOf(text).join()).toContain('variable');
    expect(reasonsOf('FROM b\nRUN --mount=type=cache,id=${X:-../..},target=/c true\n', { variables: { X: 'a' } }).join()).toContain(
      'variable',
    );
  });

  it('follows line continuations, comments inside them, and the escape directive', () => {
    const continued = 'FROM b\nRUN --mount=type=bind,\\\nsource=/etc,target=/e \\\n  true\n';
    expect(findUnconfinedMounts(continued)[0]).toMatchObject({ line: 2, reason: 'source "/etc" is an absolute path' });
    const commented = 'FROM b\nRUN --mount=type=bind,source=a\\\n# a comment\n\n/../../etc,target=/e true\n';
    expect(reasonsOf(commented).join()).toContain('climbs');
    const backtick = '# escape=`\nFROM b\nRUN echo a `\n  && true `\n  --mount=x\nRUN `\n  --mount=type=cache,id=../x,target=/c `\n  true\n';
    const found = findUnconfinedMounts(backtick);
    expect(found.map((p) => p.reason)).toContain('id "../x" climbs out with ".."');
    expect(found.find((p) => p.mount === 'type=cache,id=../x,target=/c')?.line).toBe(7);
    // With the backtick escape a backslash is an ordinary character: this is one long value.
    expect(reasonsOf('# escape=`\nFROM b\nRUN --mount=type=bind,source=a\\\n  true\n')).toEqual([]);
  });

  it('reads every --mount flag of a RUN, in JSON form and with heredocs too', () => {
    const text = [
      'FROM b',
      'RUN --mount=type=cache,id=npm,target=/n --mount=type=bind,source=/etc,target=/e \\',
      '    --mount=type=cache,id=../../x,target=/c ["sh", "-c", "true"]',
      'RUN --mount=type=bind,source=/root,target=/r <<EOF',
      'cat /r/.ssh/id_rsa',
      'EOF',
    ].join('\n');
    const found = findUnconfinedMounts(text);
    expect(found.map((p) => [p.line, p.reason])).toEqual([
      [2, 'source "/etc" is an absolute path'],
      [3, 'id "../../x" climbs out with ".."'],
      [4, 'source "/root" is an absolute path'],
    ]);
  });

  it('reads heredoc bodies as a builder without heredocs would: as instructions', () => {
    const text = 'FROM b\nRUN <<EOF\nRUN --mount=type=bind,source=/,target=/h cat /h/etc/shadow\nEOF\n';
    expect(findUnconfinedMounts(text)).toEqual([
      { line: 2, instruction: 'RUN', mount: 'type=bind,source=/,target=/h', reason: 'source "/" is an absolute path' },
    ]);
  });

  it('reads heredoc bodies of other instructions too', () => {
    const text = 'FROM b\nCOPY <<EOF /x\nRUN --mount=type=cache,id=../../x,target=/c true\nEOF\n';
    expect(findUnconfinedMounts(text)).toMatchObject([{ line: 2, instruction: 'COPY', reason: 'id "../../x" climbs out with ".."' }]);
  });

  it('finds a --mount that a builder reading the escape directive otherwise would join or split', () => {
    // A builder that ignores the directive reads line 3 as a continuation of line 2's mount.
    const text = '# escape=`\nFROM b\nRUN --mount=type=bind,\\\nsource=/etc,target=/e true\n';
    expect(reasonsOf(text).join()).toContain('absolute');
    // CRLF line ends and a byte-order mark.
    const crlf = '\uFEFFFROM b\r\nRUN --mount=type=bind,\\\r\nsource=/etc,target=/e true\r\n';
    expect(findUnconfinedMounts(crlf)[0]).toMatchObject({ line: 2, mount: 'type=bind,source=/etc,target=/e' });
  });

  it('reads RUN in any case and ONBUILD triggers', () => {
    expect(findUnconfinedMounts('from b\nrun --mount=type=bind,source=/,target=/h true\n')[0]?.instruction).toBe('RUN');
    const onbuild = findUnconfinedMounts('FROM b\nonbuild run --mount=type=bind,source=/,target=/h true\n');
    expect(onbuild).toHaveLength(1);
    expect(onbuild[0]).toMatchObject({ line: 2, instruction: 'ONBUILD RUN' });
  });

  it('asks about symbolic links for every prefix of a bind source inside the context', () => {
    const asked: string[] = [];
    const isSymlink = (p: string) => {
      asked.push(p);
      return p === 'link';
    };
    const text = 'FROM b\nRUN --mount=type=bind,source=./link/sub/../etc,target=/e true\n';
    expect(reasonsOf(text, { isSymlink })).toEqual(['source "./link/sub/../etc" goes through the symbolic link "link"']);
    expect(asked).toEqual(['link']);
    asked.length = 0;
    expect(reasonsOf('FROM b\nRUN --mount=type=bind,source=a/b,target=/e true\n', { isSymlink })).toEqual([]);
    expect(asked).toEqual(['a', 'a/b']);
    asked.length = 0;
    // Not asked for sources outside the context (another stage) or for the context itself.
    reasonsOf('FROM b\nRUN --mount=type=bind,target=/e --mount=type=bind,source=.,target=/f true\n', { isSymlink });
    expect(asked).toEqual([]);
  });

  it('reports each problem once, sorted by line, without crashing on junk', () => {
    const junk = 'RUN --mount=\nRUN --mount=,,,=,type=\nFROM\nRUN --mount="unterminated\n\0\u2028RUN --mount=type=bind,source=/x\n';
    expect(() => findUnconfinedMounts(junk)).not.toThrow();
    const twice = findUnconfinedMounts('FROM b\nRUN --mount=type=bind,source=/etc,target=/e true\n');
    expect(twice).toHaveLength(1);
    const big = `FROM b\n${'RUN true\n'.repeat(5000)}RUN --mount=type=bind,source=/,target=/h true\n`;
    expect(findUnconfinedMounts(big).map((p) => p.line)).toEqual([5002]);
  });
});

describe('findUnconfinedMounts on hostile sizes', () => {
  it.each([
    ['lines ending in the other escape', `FROM b\n${'RUN x `\n'.repeat(50_000)}`],
    ['one long continuation', `FROM b\nRUN true ${'\\\n--mount=type=cache,id=npm,target=/n '.repeat(20_000)}\n`],
    ['many mounts on one line', `FROM b\nRUN ${'--mount=type=tmpfs,target=/t '.repeat(10_000)}true\n`],
    ['a megabyte of one option', `FROM b\nRUN --mount=type=bind,source=${'a/'.repeat(500_000)},target=/x true\n`],
  ])('finishes for %s (catastrophic backtracking would not, within the test timeout)', (_, text) => {
    // No wall-clock bound beyond the test's timeout: the machine is shared. A linear scan of these
    // inputs takes a few seconds at most on a busy machine; a backtracking one would take hours.
    expect(Array.isArray(findUnconfinedMounts(text))).toBe(true);
  }, 60_000);

  it('refuses to read a Dockerfile longer than the limit', () => {
    expect(findUnconfinedMounts('FROM b\n'.repeat(10), { maxLength: 20 })).toEqual([
      { line: 1, instruction: '', mount: '', reason: 'the Dockerfile is longer than 20 characters' },
    ]);
    expect(findUnconfinedMounts(`FROM b\n${' '.repeat(1024 * 1024)}`)).toHaveLength(1);
  });
});
